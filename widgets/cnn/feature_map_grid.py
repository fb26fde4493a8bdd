"""FeatureMapGrid: a CNN drawn left to right, every layer a column of its feature maps for one
input, the class probabilities at the end. Click (or hover) a map to select it.

Colour = the diverging scale of widgets/style/colour_scale.py, each layer scaled to its own largest
|value| (printed under the column); a band over each column gives the layer's type.
"""
import json

import numpy as np
import panel as pn
import param
from panel.custom import JSComponent

from widgets.style.colour_scale import LUT, colour_index, scale_for
from widgets.style.palette import GREEN, INK, ORANGE, PURPLE, SKY
from widgets.course.shadow_dom import DEEP_FIND

# The site's architecture grammar: one colour per layer type, the same in every lesson's diagram.
KIND_COLOURS = {"input": SKY, "conv": GREEN, "relu": PURPLE, "pool": ORANGE, "softmax": INK}
KIND_NAMES = {"input": "input", "conv": "convolution", "relu": "ReLU", "pool": "max pooling",
              "softmax": "softmax (probabilities)"}
SHOWN_KINDS = set(KIND_COLOURS)  # flatten and logits are not drawn as columns


class MapCanvas(JSComponent):
    """The browser half: draws `columns` on one canvas and reports clicks into `selected`."""

    columns = param.String(default="[]", doc="JSON: one dict per shown layer (FeatureMapGrid.columns_for). "
                           "A string, because param compares a new list with the old one element by element "
                           "(~100 ms for the maps of this network, at every update).")
    selected = param.List(default=[1, 0])
    lut = param.List(default=LUT)
    scroll_to = param.String(default="", doc="CSS class of an element to scroll into view after a click.")

    _esm = DEEP_FIND + """
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
    """



class FeatureMapGrid(pn.viewable.Viewer):
    """Set `maps` to the engine's "maps" view; `selected` = [layer index, channel] follows clicks.

    The layer index counts in the view's own list (names), so it means the same to every view.
    """

    maps = param.Dict(default={}, doc='The engine\'s "maps" view (engine/tasks/digits.py).')
    selected = param.List(default=[1, 0], doc="[layer index in maps['names'], channel] chosen.")
    scroll_to = param.String(default="", doc="CSS class of the detail view a click brings into view.")
    class_names = param.List(default=[], doc="A name per class for the softmax column; empty: 0, 1, 2, ...")

    def __init__(self, **params):
        super().__init__(**params)
        self.canvas = MapCanvas(selected=list(self.selected), scroll_to=self.scroll_to,
                                css_classes=["feature-map-grid"])
        self.canvas.param.watch(lambda e: setattr(self, "selected", list(e.new)), "selected")
        self.param.watch(lambda e: setattr(self.canvas, "selected", list(e.new)), "selected")
        self.param.watch(self._on_maps, ["maps", "class_names"])
        self._on_maps()

    def _on_maps(self, *_):
        self._columns = self.columns_for(self.maps, self.class_names)
        self.canvas.columns = json.dumps(self._columns, separators=(",", ":"))

    @property
    def columns(self) -> list[dict]:
        return self._columns

    @staticmethod
    def columns_for(view: dict, class_names=()) -> list[dict]:
        """The engine view -> what the canvas draws: per shown layer its maps as colour indices;
        the softmax column's rows are named by `class_names` when given."""
        cols = []
        for layer, (name, kind, values) in enumerate(zip(view.get("names", []), view.get("kinds", []),
                                                         view.get("maps", []))):
            if kind not in SHOWN_KINDS:
                continue
            if kind == "softmax":
                probs = np.asarray(values, dtype=float)
                cols.append({"layer": layer, "name": "softmax", "kind": kind, "colour": KIND_COLOURS[kind],
                             "shape": f"{len(probs)} classes", "probs": [round(float(p), 5) for p in probs],
                             "top": int(np.argmax(probs)), "names": [str(n) for n in class_names]})
                continue
            values = np.asarray(values)
            vmax = scale_for(values)
            c, h, w = values.shape
            cols.append({"layer": layer, "name": name, "kind": kind, "colour": KIND_COLOURS[kind],
                         "shape": f"{c}×{h}×{w}", "h": h, "w": w, "vmax": f"{vmax:.2g}",
                         "maps": colour_index(values, vmax).reshape(c, -1).tolist()})
        return cols

    def select(self, name: str, channel: int = 0):
        """Select a layer by name (e.g. "conv1_1") and one of its channels."""
        self.selected = [self.maps["names"].index(name), channel]

    @property
    def selected_name(self) -> str | None:
        names = self.maps.get("names", [])
        return names[self.selected[0]] if names and self.selected[0] < len(names) else None

    def __panel__(self):
        return pn.Column(pn.pane.HTML(kind_legend_html(), margin=(0, 5)), self.canvas,
                         pn.pane.HTML("<div class='hint'>Each map is coloured on its layer's own scale "
                                      "(±largest value, under the column): blue below 0, white 0, vermillion "
                                      "above 0. Click a map to see how it is computed.</div>", margin=(0, 5)),
                         sizing_mode="stretch_width")


def kind_legend_html() -> str:
    """The legend of the layer-type colours used over each column."""
    items = "".join(f"<span><span class='kind-swatch' style='background:{KIND_COLOURS[k]}'></span>{KIND_NAMES[k]}</span>"
                    for k in KIND_COLOURS)
    return f"<div class='kind-legend'><b>Layer type:</b>{items}</div>"
