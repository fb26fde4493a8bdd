// MapCanvas (feature_map_grid.py): every layer's feature maps on one canvas; clicks set `selected`.
// Over each drawn map lies a transparent button named after it ("conv1_2 map 4"): the maps can be
// reached with Tab and the arrow keys and chosen with Enter, and a screen reader can name them.
// Maps are drawn 48 px and never shrunk: the columns wrap to the width instead. In `compact` mode
// (a detail view is open under the overview) the whole network stays on one row: the selected layer,
// the one explained, keeps its maps at 48 px (in up to 6 rows), the other layers are context, a
// column of up to 8 maps each, as large as the rest of the width allows (34 px at most: the row's
// height then leaves the detail view room under it on a 1280x800 screen). CNN Explainer's overview,
// with the detail under it.
// cell: a map and the gap around it; head: the band, the name and the shape (compact: the scale);
// foot: the scale under the column; flat: the flatten column's width; focus: the selected layer's.
const FULL = {cell: 52, rows: 8, head: 36, foot: 16, gap: 6, flat: 44};
const COMPACT = {cell: 38, least: 18, rows: 8, head: 30, foot: 0, gap: 4, flat: 22, focus: 52, focusRows: 6};
const READS_ALL = new Set(['conv', 'flatten']);  // kinds computed from every map of the layer before
const nameRoom = col => Math.max(12, 7 * Math.max(0, ...col.names.map(n => n.length)));  // the class names
const measure = document.createElement('canvas').getContext('2d');
function textWidth(text, font) { measure.font = font; return Math.ceil(measure.measureText(text).width); }
// The columns' boxes: x, y, width, how many maps across (sub) and down (rows), each map's cell.
// cellOf(col) gives a map column's cell; body: the height every column's maps share.
function placeColumns(cols, g, cellOf, body, room, wrap) {
  const band = g.head + body + g.foot;
  let x = 6, y = 0; const out = [];
  cols.forEach(col => {
    let width, sub = 1, r = g.rows, cell = 0;
    if (col.kind === 'softmax') width = nameRoom(col) + 88;
    else if (col.kind === 'linear') width = nameRoom(col) + (g.compact ? 22 : 62);  // compact: no numbers
    else if (col.kind === 'flatten') width = g.flat;
    else {
      cell = cellOf(col);
      const most = Math.max(1, Math.floor(body / cell));  // maps down one sub-column
      sub = Math.ceil(col.maps.length / most); r = Math.ceil(col.maps.length / sub); width = Math.max(sub * cell, 44);
    }
    if (g.compact) width = Math.max(width, textWidth(col.name, 'bold 11px system-ui, sans-serif') + 2);
    if (wrap && x > 6 && x + width > room) { x = 6; y += band; }  // wrap: maps keep their size
    out.push({x, y, width, sub, rows: r, cell});
    x += width + g.gap;
  });
  return {boxes: out, width: Math.max(...out.map(b => b.x + b.width), 0) + 6, height: y + band, body};
}
function layout(cols, compact, room, selected) {
  if (!compact) return {...FULL, ...placeColumns(cols, FULL, () => FULL.cell, FULL.rows * FULL.cell, room, true)};
  // One row: the selected layer's maps at full size, the others' as large as the width allows.
  const g = {...COMPACT, compact: true}, body = g.focusRows * g.focus;
  const place = (cell, focus) => placeColumns(cols, g, col => (col.layer === selected ? focus : cell), body, room, false);
  let cell = Math.min(g.cell, Math.floor(body / g.rows)), focus = g.focus, L = place(cell, focus);
  while (L.width > room && cell > g.least) { cell -= 1; L = place(cell, focus); }
  while (L.width > room && focus > g.cell) { focus -= 2; L = place(cell, focus); }  // a narrow window
  return {...g, ...L};
}
function mapRect(L, box, c) {
  const col = Math.floor(c / box.rows), row = c % box.rows;
  const top = box.y + L.head + (L.body - box.rows * box.cell) / 2;
  const size = box.cell - 4;
  return [box.x + col * box.cell + (box.width - box.sub * box.cell) / 2 + 2, top + row * box.cell + 2, size, size];
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
  const stage = document.createElement('div');
  stage.style.cssText = 'position:relative;';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'feature maps of every layer; click a map to explain it');
  canvas.style.cssText = 'display:block; cursor:pointer;';
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
  let hit = [], buttons = [], focused = -1, room = 0;
  function rowsOf(g, L, col, box, names, text, colourOf, name) {  // a value per class: logits, softmax
    const rowH = L.body / col.values.length, lw = nameRoom(col);
    col.values.forEach((v, k) => {
      const y = box.y + L.head + k * rowH, top = k === col.top;
      g.fillStyle = colourOf(v, k); g.fillRect(box.x + lw + 4, y + 2, col.kind === 'softmax' ? Math.max(1, v * 36) : 12, rowH - 4);
      g.fillStyle = '#1f2430'; g.textAlign = 'right'; g.font = (top ? 'bold ' : '') + '11px system-ui, sans-serif';
      g.fillText(names[k], box.x + lw, y + rowH / 2 + 4);
      g.textAlign = 'left';
      if (text) g.fillText(text(v), box.x + lw + (col.kind === 'softmax' ? 8 + Math.max(1, v * 36) : 20), y + rowH / 2 + 4);
      g.textAlign = 'center';
      hit.push({layer: col.layer, channel: k, col: col.i, r: [box.x, y, box.width, rowH], ...name(v, names[k], k)});
    });
  }
  function draw() {
    const cols = JSON.parse(model.columns), lut = model.lut, sel = model.selected || [];
    cols.forEach((c, i) => { c.i = i; });
    const L = layout(cols, model.compact, room || wrap.clientWidth || 900, sel[0]);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = L.width * dpr; canvas.height = L.height * dpr;
    canvas.style.width = L.width + 'px'; canvas.style.height = L.height + 'px';
    stage.style.width = L.width + 'px'; stage.style.height = L.height + 'px';
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, L.width, L.height);
    g.textAlign = 'center';
    const was = focused >= 0 ? hit[focused] : null;  // the focused map, by name: the layout may change
    hit = [];
    let selBox = null, selCol = -1;
    const body = L.body;
    cols.forEach((col, i) => {
      const box = L.boxes[i], mid = box.x + box.width / 2;
      g.fillStyle = col.colour; g.fillRect(box.x, box.y + 2, box.width, 6);
      g.fillStyle = '#1f2430'; g.font = 'bold 11px system-ui, sans-serif';
      g.fillText(col.name, mid, box.y + (L.compact ? 19 : 21));
      // Under the name: the shape; compact, the colour scale instead (the shape is in the tooltip).
      g.font = '10px system-ui, sans-serif'; g.fillStyle = '#555';
      if (!L.compact) g.fillText(col.shape, mid, box.y + 33);
      else if (col.vmax) g.fillText("±" + col.vmax, mid, box.y + 28);
      const names = col.names && col.names.length ? col.names : (col.values || []).map((_, k) => String(k));
      if (col.kind === 'softmax') {
        rowsOf(g, L, col, box, names, p => (p * 100).toFixed(p >= 0.995 ? 0 : 1) + '%',
               (p, k) => k === col.top ? '#0072B2' : '#56B4E9',
               (p, n, k) => { const label = `${col.names.length ? n : 'class ' + k}: ${(p * 100).toFixed(2)}%`;
                              return {label, name: 'softmax ' + label}; });
      } else if (col.kind === 'linear') {
        rowsOf(g, L, col, box, names, L.compact ? null : v => v.toPrecision(2), (v, k) => lut[col.cells[k]],
               (v, n) => ({label: `logit for ${n}: ${v}`, name: `logits ${n}: ${v}`}));
      } else if (col.kind === 'flatten') {  // the vector, top to bottom, one thin band per value
        const x = mid - 7, top = box.y + L.head, h = body / col.cells.length;
        col.cells.forEach((ci, k) => { g.fillStyle = lut[ci]; g.fillRect(x, top + k * h, 14, Math.ceil(h)); });
        g.strokeStyle = '#c8ccd6'; g.lineWidth = 1; g.strokeRect(x - 0.5, top - 0.5, 15, body + 1);
        hit.push({layer: col.layer, channel: 0, col: i, r: [x - 4, top, 22, body], values: col.values,
                  label: `flatten: ${col.values.length} values`, name: `flatten: ${col.values.length} values`});
      } else {
        col.maps.forEach((cells, c) => {
          const [x, y, w, h] = mapRect(L, box, c);
          const px = w / col.w, py = h / col.h;
          for (let r = 0; r < col.h; r++) for (let q = 0; q < col.w; q++) {
            g.fillStyle = lut[cells[r * col.w + q]];
            g.fillRect(x + q * px, y + r * py, Math.ceil(px), Math.ceil(py));
          }
          g.strokeStyle = '#c8ccd6'; g.lineWidth = 1; g.strokeRect(x - 0.5, y - 0.5, w + 1, h + 1);
          hit.push({layer: col.layer, channel: c, col: i, r: [x, y, w, h], label: `${col.name} · channel ${c} (${col.shape})`,
                    name: `${col.name} map ${c}`});
          if (sel[0] === col.layer && sel[1] === c) { selBox = [x - 2, y - 2, w + 4, h + 4]; selCol = i; }
        });
      }
      if (col.vmax && !L.compact) {
        g.fillStyle = '#555'; g.font = '10px system-ui, sans-serif';
        g.fillText('±' + col.vmax, mid, box.y + L.head + body + 13);
      }
      if (sel[0] === col.layer && !col.maps) {
        selBox = [box.x - 2, box.y + L.head - 2, box.width + 4, body + 4]; selCol = i;
      }
    });
    if (selBox && selCol > 0) edges(g, cols, L, selBox, selCol, sel);
    if (selBox) { g.strokeStyle = '#009E73'; g.lineWidth = 3; g.strokeRect(...selBox); }
    const now = was ? hit.findIndex(h => h.layer === was.layer && h.channel === was.channel) : -1;
    if (now >= 0 && now !== focused) focused = now;
    place(L, sel);
    if (now >= 0 && document.activeElement !== buttons[now]) buttons[now].focus();
  }
  // Lines from what the selected map is computed from: every map before a conv or the flatten,
  // the same channel before a ReLU or a pooling, the whole vector before the logits and softmax.
  function edges(g, cols, L, selBox, selCol, sel) {
    const src = cols[selCol - 1], sbox = L.boxes[selCol - 1];
    if (sbox.y !== L.boxes[selCol].y) return;  // wrapped onto another band
    const ends = !src.maps ? [[sbox.x, sbox.y + L.head, sbox.width, L.body]]
      : (READS_ALL.has(cols[selCol].kind) ? src.maps.map((_, c) => c) : [sel[1]])
        .filter(c => c < src.maps.length).map(c => mapRect(L, sbox, c));
    g.strokeStyle = 'rgba(31,36,48,0.35)'; g.lineWidth = 1;
    for (const [x, y, w, h] of ends) {
      g.beginPath(); g.moveTo(x + w + 1, y + h / 2); g.lineTo(selBox[0], selBox[1] + selBox[3] / 2); g.stroke();
    }
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
      b.style.left = x + 'px'; b.style.top = y + 'px'; b.style.width = w + 'px'; b.style.height = hh + 'px';
      b.setAttribute('aria-label', h.name);
      b.setAttribute('aria-pressed', String(h.layer === sel[0] && h.channel === sel[1]));
      b.tabIndex = k === Math.max(stop, 0) ? 0 : -1;  // one Tab stop; the arrows move within
    });
  }
  // The detail view grows out of the clicked map (as in CNN Explainer); none with reduced motion.
  function grow(from) {
    const target = model.scroll_to && deepFind(document, '.' + model.scroll_to);
    if (!target) return;
    const to = target.getBoundingClientRect();
    if (to.top > window.innerHeight) target.scrollIntoView({block: 'nearest'});  // a narrow window
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches || !target.animate) return;
    const dx = from.left - to.left, dy = from.top - to.top;
    const sx = Math.max(from.width / Math.max(to.width, 1), 0.05), sy = Math.max(from.height / Math.max(to.height, 1), 0.05);
    target.animate([{transformOrigin: '0 0', transform: `translate(${dx}px, ${dy}px) scale(${sx}, ${sy})`, opacity: 0.3},
                    {transformOrigin: '0 0', transform: 'none', opacity: 1}], {duration: 320, easing: 'ease-out'});
  }
  function choose(h, k) {
    const from = buttons[k] ? buttons[k].getBoundingClientRect() : canvas.getBoundingClientRect();
    model.selected = [h.layer, h.channel];
    grow(from);
  }
  function find(event) {
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left, y = event.clientY - rect.top;
    return hit.find(h => x >= h.r[0] - 2 && x <= h.r[0] + h.r[2] + 2 && y >= h.r[1] - 2 && y <= h.r[1] + h.r[3] + 2);
  }
  function tipText(h, y) {
    if (!h.values || y === undefined) return h.label + ' (click to explain)';
    const k = Math.min(h.values.length - 1, Math.max(0, Math.floor((y - h.r[1]) / h.r[3] * h.values.length)));
    return `flatten[${k}] = ${h.values[k]} (click to explain)`;
  }
  function showTip(text, x, y) {
    tip.textContent = text;
    tip.style.left = (x + 12) + 'px'; tip.style.top = (y + 12) + 'px';
    tip.style.display = 'block';
  }
  canvas.addEventListener('click', (event) => {  // the edge around a map, outside its button
    const h = find(event);
    if (h) choose(h, hit.indexOf(h));
  });
  layer.addEventListener('click', (event) => {
    const b = event.target.closest('.fmg-map');
    if (b && hit[+b.dataset.index]) choose(hit[+b.dataset.index], +b.dataset.index);
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
    if (h) showTip(tipText(h), r.right - box.left + wrap.scrollLeft - 12, r.top - box.top);
  });
  layer.addEventListener('focusout', () => { focused = -1; tip.style.display = 'none'; });
  stage.addEventListener('mousemove', (event) => {
    const h = find(event);
    if (!h) { tip.style.display = 'none'; return; }
    const box = wrap.getBoundingClientRect(), rect = canvas.getBoundingClientRect();
    showTip(tipText(h, event.clientY - rect.top), event.clientX - box.left + wrap.scrollLeft, event.clientY - box.top);
  });
  stage.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  // Another width (a resized window, the page's column) re-wraps the columns.
  new ResizeObserver(() => {
    const w = wrap.clientWidth;
    if (w && Math.abs(w - room) > 4) { room = w; draw(); }
  }).observe(wrap);
  model.on('columns', draw);
  model.on('selected', draw);
  model.on('compact', draw);
  draw();
}
