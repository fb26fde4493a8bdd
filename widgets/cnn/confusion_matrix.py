"""ConfusionMatrix: counts[true, predicted] as a clickable table; the chosen cell lists the
examples it holds, each with the model's probabilities."""
import numpy as np
import panel as pn
import param

from widgets.cnn.click_grid import ClickGrid
from widgets.course.html import esc
from widgets.style.colour_scale import image_html, text_on, tint
from widgets.style.numbers import significant
from widgets.style.palette import BLUE, VERMILLION


class ConfusionMatrix(pn.viewable.Viewer):
    """Set `predictions` to the engine's "predictions" view; `images` are the inputs, grey (N, H, W)
    or colour (N, 3, H, W); `class_names` name the classes (empty: their numbers)."""

    predictions = param.Dict(default={})
    images = param.Array(default=None, allow_None=True)
    cell = param.List(default=None, allow_None=True, doc="[true, predicted] chosen by a click.")
    max_examples = param.Integer(default=12)
    class_names = param.List(default=[], doc="A name per class, e.g. 'circle'; empty: 0, 1, 2, ...")

    def __init__(self, **params):
        super().__init__(**params)
        self.grid = ClickGrid(ncols=11, css_classes=["confusion-grid"])
        self.grid.param.watch(self._on_click, "chosen")
        self._examples = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["confusion-examples"])
        self._summary = pn.pane.HTML(sizing_mode="stretch_width")
        self.param.watch(self._refresh, ["predictions", "cell", "class_names", "images"])
        self._refresh()

    @property
    def counts(self) -> np.ndarray:
        k = len(self.class_names) or 10
        return np.asarray(self.predictions.get("confusion", np.zeros((k, k), int)))

    def class_name(self, k: int) -> str:
        return esc(str(self.class_names[k])) if k < len(self.class_names) else str(k)

    def _on_click(self, event):
        if event.new is None:
            return
        row, col = divmod(event.new, self.counts.shape[0] + 1)
        if row >= 1 and col >= 1:
            self.cell = [row - 1, col - 1]

    def examples(self, true: int, predicted: int) -> np.ndarray:
        """Indices of the validation images with this true class that the model called `predicted`."""
        y, pred = self.predictions.get("y"), self.predictions.get("pred")
        if y is None:
            return np.zeros(0, dtype=int)
        return np.flatnonzero((y == true) & (pred == predicted))

    def _refresh(self, *_):
        counts = self.counts
        k = counts.shape[0]
        self.grid.ncols = k + 1
        # A name that starts with the tile's visible words (axe: label-content-name-mismatch).
        items = ["<div class='cm-head'>true ↓ / said →</div>"]
        labels = ["true ↓ / said →: rows are the true class, columns the class the model said"]
        items += [f"<div class='cm-head'>{self.class_name(j)}</div>" for j in range(k)]
        labels += [f"predicted {self.class_name(j)}" for j in range(k)]
        off_max = max(int((counts - np.diag(np.diag(counts))).max()), 1)
        diag_max = max(int(np.diag(counts).max()), 1)
        for i in range(k):
            items.append(f"<div class='cm-head'>{self.class_name(i)}</div>")
            labels.append(f"true {self.class_name(i)}")
            for j in range(k):
                n = int(counts[i, j])
                strength = n / (diag_max if i == j else off_max)
                base = BLUE if i == j else VERMILLION
                ground = tint(base, 0 if n == 0 else 0.15 + 0.85 * strength)
                items.append(f"<div class='cm-cell' style='background:{ground};color:{text_on(ground)}'>"
                             f"{n if n else ''}</div>")
                labels.append(f"true {self.class_name(i)}, predicted {self.class_name(j)}: {n} images")
        self.grid.param.update(items=items, labels=labels)
        total = int(counts.sum())
        right = int(np.trace(counts))
        self._summary.object = (f"<b>{right} of {total}</b> validation images right ({right / max(total, 1):.1%}); "
                                f"{total - right} mistakes off the diagonal (vermillion)." if total else
                                "No evaluation yet.")
        if self.cell is None:
            self._examples.object = "<div class='hint'>Click a cell to see its images.</div>"
            return
        t, p = self.cell
        idx = self.examples(t, p)
        shown = idx[: self.max_examples]
        plural = "s" if len(idx) != 1 else ""
        head = (f"<b>True {self.class_name(t)}, the model said {self.class_name(p)}: {len(idx)} image{plural}</b>"
                + (f" (first {len(shown)} shown)" if len(idx) > len(shown) else ""))
        tiles = []
        probs = self.predictions.get("probs")
        for i in shown:
            img = image_html(self.images[i], cell=4) if self.images is not None else ""
            pr = probs[i]
            top = np.argsort(pr)[::-1][:3]
            text = "<br>".join(f"{self.class_name(c)}: {significant(pr[c] * 100, 3)}%" for c in top)
            tiles.append(f"<div class='cm-example'>{img}<div class='tile-label'>{text}</div></div>")
        self._examples.object = head + "<div class='digit-thumbs'>" + "".join(tiles) + "</div>"

    @property
    def examples_text(self) -> str:
        return self._examples.object

    def __panel__(self):
        return pn.Column(self._summary, self.grid, self._examples, sizing_mode="stretch_width",
                         css_classes=["confusion-matrix"])
