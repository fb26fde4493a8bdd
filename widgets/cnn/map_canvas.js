// MapCanvas (feature_map_grid.py): every layer's feature maps on one canvas; clicks set `selected`.
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
export function render({ model, el }) {
  const wrap = document.createElement('div');
  wrap.className = 'fmg-wrap';
  wrap.style.cssText = 'position:relative; overflow-x:auto; max-width:100%;';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'feature maps of every layer; click a map to explain it');
  canvas.style.cursor = 'pointer';
  const tip = document.createElement('div');
  tip.className = 'fmg-tip';
  tip.style.cssText = 'position:absolute; display:none; background:#1f2430; color:#fff; padding:2px 6px;' +
                      'border-radius:4px; font-size:12px; pointer-events:none; white-space:nowrap;';
  wrap.append(canvas, tip);
  el.append(wrap);
  let hit = [], logicalWidth = 1;
  function draw() {
    const cols = JSON.parse(model.columns), lut = model.lut;
    const L = layout(cols);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = L.width * dpr; canvas.height = L.height * dpr;
    canvas.style.width = L.width + 'px'; canvas.style.maxWidth = '100%'; canvas.style.height = 'auto';
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
          hit.push({layer: col.layer, channel: k, r: [box.x, y, box.width, rowH], label: `${col.names.length ? names[k] : 'class ' + k}: ${(p * 100).toFixed(2)}%`});
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
        hit.push({layer: col.layer, channel: c, r: [x, y, w, h], label: `${col.name} · channel ${c}`});
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
  }
  function find(event) {
    const rect = canvas.getBoundingClientRect();
    const scale = logicalWidth / rect.width;  // the canvas may be shrunk to fit its column
    const x = (event.clientX - rect.left) * scale, y = (event.clientY - rect.top) * scale;
    return hit.find(h => x >= h.r[0] - 2 && x <= h.r[0] + h.r[2] + 2 && y >= h.r[1] - 2 && y <= h.r[1] + h.r[3] + 2);
  }
  canvas.addEventListener('click', (event) => {
    const h = find(event);
    if (!h) return;
    model.selected = [h.layer, h.channel];
    const target = model.scroll_to && deepFind(document, '.' + model.scroll_to);
    // After the server's answer has filled it in, bring the explanation into view.
    if (target) setTimeout(() => target.scrollIntoView({behavior: 'smooth', block: 'nearest'}), 300);
  });
  canvas.addEventListener('mousemove', (event) => {
    const h = find(event);
    if (!h) { tip.style.display = 'none'; return; }
    tip.textContent = h.label + ' (click to explain)';
    tip.style.left = (event.offsetX + 12) + 'px'; tip.style.top = (event.offsetY + 12) + 'px';
    tip.style.display = 'block';
  });
  canvas.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  model.on('columns', draw);
  model.on('selected', draw);
  draw();
}
