// MapCanvas (feature_map_grid.py): every layer's feature maps on one canvas; clicks set `selected`.
// Over each drawn map lies a transparent button named after it ("conv1_2 map 4"): the maps can be
// reached with Tab and the arrow keys and chosen with Enter, and a screen reader can name them.
const CELL = 31, MAP = 27, GAP = 10, HEAD = 40, FOOT = 20, PER = 8;
function layout(cols) {
  let x = 6; const out = [];
  for (const col of cols) {
    if (col.kind === 'softmax') { const sw = col.names.length ? 124 : 104; out.push({x, width: sw}); x += sw + GAP; continue; }
    const n = col.maps.length, sub = Math.ceil(n / PER), rows = Math.min(n, PER);
    out.push({x, width: Math.max(sub * CELL, 44), sub, rows});
    x += Math.max(sub * CELL, 44) + GAP;
  }
  return {boxes: out, width: x, height: HEAD + PER * CELL + FOOT};
}
function mapRect(box, c) {
  const col = Math.floor(c / box.rows), row = c % box.rows;
  const top = HEAD + (PER - box.rows) * CELL / 2;
  return [box.x + col * CELL + (box.width - box.sub * CELL) / 2 + 2, top + row * CELL + 2, MAP, MAP];
}
const STYLE = `
.fmg-map { position:absolute; margin:0; padding:0; border:0; background:transparent; cursor:pointer; }
.fmg-map:focus-visible { outline:2px solid #0072B2; outline-offset:2px; }`;
export function render({ model, el }) {
  const style = document.createElement('style');
  style.textContent = STYLE;
  const wrap = document.createElement('div');
  wrap.className = 'fmg-wrap';
  wrap.style.cssText = 'position:relative; overflow-x:auto; max-width:100%;';
  // The stage is the canvas's size, so the buttons, placed in % of it, follow it when it shrinks.
  const stage = document.createElement('div');
  stage.style.cssText = 'position:relative; max-width:100%;';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'feature maps of every layer; click a map to explain it');
  canvas.style.cssText = 'display:block; width:100%; height:auto; cursor:pointer;';
  const layer = document.createElement('div');
  layer.setAttribute('role', 'group');
  layer.setAttribute('aria-label', 'feature maps: arrow keys move, Enter explains');
  layer.style.cssText = 'position:absolute; inset:0;';
  const tip = document.createElement('div');
  tip.className = 'fmg-tip';
  tip.style.cssText = 'position:absolute; display:none; background:#1f2430; color:#fff; padding:2px 6px;' +
                      'border-radius:4px; font-size:12px; pointer-events:none; white-space:nowrap; z-index:1;';
  stage.append(canvas, layer);
  wrap.append(stage, tip);
  el.append(style, wrap);
  let hit = [], logicalWidth = 1, buttons = [], focused = -1;
  function draw() {
    const cols = JSON.parse(model.columns), lut = model.lut;
    const L = layout(cols);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = L.width * dpr; canvas.height = L.height * dpr;
    stage.style.width = L.width + 'px';
    logicalWidth = L.width;
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, L.width, L.height);
    g.font = '11px system-ui, sans-serif'; g.textAlign = 'center';
    hit = [];
    const sel = model.selected || [];
    let selBox = null, selCol = -1;
    cols.forEach((col, i) => {
      const box = L.boxes[i];
      g.fillStyle = col.colour; g.fillRect(box.x, 2, box.width, 6);
      g.fillStyle = '#1f2430'; g.font = 'bold 11px system-ui, sans-serif';
      g.fillText(col.name, box.x + box.width / 2, 21);
      g.font = '10px system-ui, sans-serif'; g.fillStyle = '#555';
      g.fillText(col.shape, box.x + box.width / 2, 33);
      if (col.kind === 'softmax') {
        const rowH = PER * CELL / col.probs.length;
        const names = col.names.length ? col.names : col.probs.map((_, k) => String(k));
        const lw = col.names.length ? 46 : 12;  // room for the class names, else one digit
        const bw = col.names.length ? 36 : 50;
        col.probs.forEach((p, k) => {
          const y = HEAD + k * rowH;
          g.fillStyle = k === col.top ? '#0072B2' : '#56B4E9';
          g.fillRect(box.x + lw + 4, y + 3, Math.max(1, p * bw), rowH - 6);
          g.fillStyle = '#1f2430'; g.textAlign = 'right';
          g.font = (k === col.top ? 'bold ' : '') + '11px system-ui, sans-serif';
          g.fillText(names[k], box.x + lw, y + rowH / 2 + 4);
          g.textAlign = 'left';
          g.fillText((p * 100).toFixed(p >= 0.995 ? 0 : 1) + '%', box.x + lw + 8 + Math.max(1, p * bw), y + rowH / 2 + 4);
          g.textAlign = 'center';
          const label = `${col.names.length ? names[k] : 'class ' + k}: ${(p * 100).toFixed(2)}%`;
          hit.push({layer: col.layer, channel: k, col: i, r: [box.x, y, box.width, rowH], label, name: 'softmax ' + label});
        });
        if (sel[0] === col.layer) { selBox = [box.x - 2, HEAD - 2, box.width + 4, PER * CELL + 4]; selCol = i; }
        return;
      }
      col.maps.forEach((cells, c) => {
        const [x, y, w, h] = mapRect(box, c);
        const px = w / col.w, py = h / col.h;
        for (let r = 0; r < col.h; r++) for (let q = 0; q < col.w; q++) {
          g.fillStyle = lut[cells[r * col.w + q]];
          g.fillRect(x + q * px, y + r * py, Math.ceil(px), Math.ceil(py));
        }
        g.strokeStyle = '#c8ccd6'; g.lineWidth = 1; g.strokeRect(x - 0.5, y - 0.5, w + 1, h + 1);
        hit.push({layer: col.layer, channel: c, col: i, r: [x, y, w, h], label: `${col.name} · channel ${c}`,
                  name: `${col.name} map ${c}`});
        if (sel[0] === col.layer && sel[1] === c) { selBox = [x - 2, y - 2, w + 4, h + 4]; selCol = i; }
      });
      g.fillStyle = '#555'; g.font = '10px system-ui, sans-serif';
      g.fillText('±' + col.vmax, box.x + box.width / 2, L.height - 6);
    });
    if (selBox && selCol > 0) {  // edges from the maps the selected one is computed from
      const src = cols[selCol - 1], sbox = L.boxes[selCol - 1];
      const from = src.kind === 'softmax' ? [] :
        (cols[selCol].kind === 'conv' || cols[selCol].kind === 'softmax') ? src.maps.map((_, c) => c) : [sel[1]];
      g.strokeStyle = 'rgba(31,36,48,0.35)'; g.lineWidth = 1;
      for (const c of from) {
        if (c >= src.maps.length) continue;
        const [x, y, w, h] = mapRect(sbox, c);
        g.beginPath(); g.moveTo(x + w + 1, y + h / 2); g.lineTo(selBox[0], selBox[1] + selBox[3] / 2); g.stroke();
      }
    }
    if (selBox) {
      g.strokeStyle = '#009E73'; g.lineWidth = 3; g.strokeRect(...selBox);
    }
    place(L, sel);
  }
  // One button per map, kept across redraws (the maps redraw while training): focus stays put.
  function place(L, sel) {
    while (buttons.length > hit.length) buttons.pop().remove();
    while (buttons.length < hit.length) {
      const b = document.createElement('button');
      b.type = 'button'; b.className = 'fmg-map'; b.dataset.index = String(buttons.length);
      layer.append(b); buttons.push(b);
    }
    let stop = hit.findIndex(h => h.layer === sel[0] && h.channel === sel[1]);
    if (focused >= 0 && focused < hit.length) stop = focused;
    hit.forEach((h, k) => {
      const b = buttons[k], [x, y, w, hh] = h.r;
      b.style.left = (100 * x / L.width) + '%'; b.style.top = (100 * y / L.height) + '%';
      b.style.width = (100 * w / L.width) + '%'; b.style.height = (100 * hh / L.height) + '%';
      b.setAttribute('aria-label', h.name);
      b.setAttribute('aria-pressed', String(h.layer === sel[0] && h.channel === sel[1]));
      b.tabIndex = k === Math.max(stop, 0) ? 0 : -1;  // one Tab stop; the arrows move within
    });
  }
  function choose(h) {
    model.selected = [h.layer, h.channel];
    const target = model.scroll_to && deepFind(document, '.' + model.scroll_to);
    // After the server's answer has filled it in, bring the explanation into view.
    if (target) setTimeout(() => target.scrollIntoView({behavior: 'smooth', block: 'nearest'}), 300);
  }
  function find(event) {
    const rect = canvas.getBoundingClientRect();
    const scale = logicalWidth / rect.width;  // the canvas may be shrunk to fit its column
    const x = (event.clientX - rect.left) * scale, y = (event.clientY - rect.top) * scale;
    return hit.find(h => x >= h.r[0] - 2 && x <= h.r[0] + h.r[2] + 2 && y >= h.r[1] - 2 && y <= h.r[1] + h.r[3] + 2);
  }
  function showTip(h, x, y) {
    tip.textContent = h.label + ' (click to explain)';
    tip.style.left = (x + 12) + 'px'; tip.style.top = (y + 12) + 'px';
    tip.style.display = 'block';
  }
  canvas.addEventListener('click', (event) => {  // the edge around a map, outside its button
    const h = find(event);
    if (h) choose(h);
  });
  layer.addEventListener('click', (event) => {
    const b = event.target.closest('.fmg-map');
    if (b && hit[+b.dataset.index]) choose(hit[+b.dataset.index]);
  });
  layer.addEventListener('keydown', (event) => {
    const b = event.target.closest('.fmg-map');
    if (!b) return;
    const h = hit[+b.dataset.index];
    const move = {ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0]}[event.key];
    if (!h || !move) return;
    event.preventDefault();
    // Up/down: the next map of the layer; left/right: the same row of the layer beside it.
    const col = hit.filter(o => o.col === h.col + move[0]);
    const next = move[0] ? col[Math.min(h.channel, col.length - 1)]
                         : hit.find(o => o.col === h.col && o.channel === h.channel + move[1]);
    if (next) {
      const k = hit.indexOf(next);
      b.tabIndex = -1; buttons[k].tabIndex = 0; buttons[k].focus();
    }
  });
  layer.addEventListener('focusin', (event) => {
    const b = event.target.closest('.fmg-map');
    if (!b) return;
    focused = +b.dataset.index;
    const h = hit[focused], box = wrap.getBoundingClientRect(), r = b.getBoundingClientRect();
    if (h) showTip(h, r.right - box.left + wrap.scrollLeft - 12, r.top - box.top);
  });
  layer.addEventListener('focusout', () => { focused = -1; tip.style.display = 'none'; });
  stage.addEventListener('mousemove', (event) => {
    const h = find(event);
    if (!h) { tip.style.display = 'none'; return; }
    const box = wrap.getBoundingClientRect();
    showTip(h, event.clientX - box.left + wrap.scrollLeft, event.clientY - box.top);
  });
  stage.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  model.on('columns', draw);
  model.on('selected', draw);
  draw();
}
