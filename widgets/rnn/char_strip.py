"""CharStrip: generated characters in a row, each coloured by one unit's cell state after it."""
import numpy as np
import panel as pn
import param

from widgets.course.html import esc
from widgets.run.live_loss_chart import significant

BLUE_RGB, RED_RGB = (0, 114, 178), (213, 94, 0)


def diverging(value: float, limit: float) -> str:
    """Blue below 0, white at 0, vermillion above: the site's signed scale (Okabe-Ito ends)."""
    # At most 75% of the way to the end colour, so dark text stays readable on it.
    share = 0.75 * min(abs(value) / limit, 1.0) if limit > 0 else 0.0
    end = RED_RGB if value > 0 else BLUE_RGB
    r, g, b = (round(255 + (c - 255) * share) for c in end)
    return f"rgb({r},{g},{b})"


class CharStrip(pn.viewable.Viewer):
    """`text` (T chars) and `cell` (T, H); `unit` picks the cell-state row that colours them."""

    text = param.String(default="")
    cell = param.Array(default=None)
    unit = param.Integer(default=0, bounds=(0, None))

    def __init__(self, **params):
        super().__init__(**params)
        self._html = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["char-strip"])
        self._render()

    def colours(self) -> list[str]:
        if self.cell is None or not len(self.text):
            return ["#ffffff"] * len(self.text)
        row = self.cell[: len(self.text), min(self.unit, self.cell.shape[1] - 1)]
        limit = float(np.abs(row).max())
        return [diverging(float(v), limit) for v in row]

    @param.depends("text", "cell", "unit", watch=True)
    def _render(self):
        limit = (float(np.abs(self.cell[:, min(self.unit, self.cell.shape[1] - 1)]).max())
                 if self.cell is not None and len(self.cell) else 0.0)
        spans = "".join(
            f"<span title='c = {significant(float(self.cell[i, min(self.unit, self.cell.shape[1] - 1)]))}' "
            f"style='background:{colour}'>{esc(ch) if ch != ' ' else '&nbsp;'}</span>"
            for i, (ch, colour) in enumerate(zip(self.text, self.colours())))
        legend = (f"<div class='char-legend'>unit {self.unit}'s cell state: "
                  f"<span style='background:{diverging(-1, 1)}'>&nbsp;−{significant(limit, 2)}&nbsp;</span> "
                  f"<span style='background:#fff;border:1px solid #ccc'>&nbsp;0&nbsp;</span> "
                  f"<span style='background:{diverging(1, 1)}'>&nbsp;+{significant(limit, 2)}&nbsp;</span></div>")
        self._html.object = (f"<div class='chars' style='font:1.25rem ui-monospace,monospace;line-height:1.9;"
                             f"word-break:break-all'>{spans or '…'}</div>{legend}")

    def __panel__(self):
        return self._html
