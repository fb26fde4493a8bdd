"""The diverging colour scale for signed values: blue below zero, white at zero, vermillion
above (Okabe-Ito ends, readable with the common colour-vision deficiencies).

Every CNN view colours a value through this one table, so a number has the same colour in the
overview and in a detail view. `map_html` draws a small map as an HTML grid, with numbers.
"""
import numpy as np

from widgets.course.html import esc
from widgets.style.numbers import significant
from widgets.style.palette import BLACK, BLUE, INK, VERMILLION, WHITE

STEPS = 255  # index 127 is white (zero)


def _rgb(hex_colour):
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def tint(colour: str, strength: float) -> str:
    """`colour` at `strength` (0 to 1) over white, as the opaque colour it shows: text on it can
    then be chosen by text_on (a translucent ground has no contrast of its own)."""
    white = np.array([255.0, 255.0, 255.0])
    rgb = white + float(np.clip(strength, 0, 1)) * (_rgb(colour) - white)
    return "#%02x%02x%02x" % tuple(int(round(v)) for v in rgb)


def _table():
    return [tint(BLUE, -t) if t < 0 else tint(VERMILLION, t) for t in np.linspace(-1, 1, STEPS)]


LUT: list[str] = _table()


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21."""
    def luminance(hex_colour):
        c = _rgb(hex_colour) / 255
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def text_on(ground: str) -> str:
    """Ink or white, whichever reads better on `ground`; black where neither reaches WCAG's 4.5:1
    (the mid-blues and strong vermillions: black or white always does)."""
    best = max((INK, WHITE), key=lambda c: contrast(c, ground))
    if contrast(best, ground) >= 4.5:
        return best
    return max((BLACK, WHITE), key=lambda c: contrast(c, ground))


TEXT: list[str] = [text_on(c) for c in LUT]  # the text colour on each of LUT's colours


def scale_for(values) -> float:
    """The symmetric range ±vmax that shows `values`: their largest magnitude (never 0)."""
    values = np.asarray(values, dtype=float)
    vmax = float(np.max(np.abs(values))) if values.size else 0.0
    return vmax if vmax > 0 and np.isfinite(vmax) else 1.0


def colour_index(values, vmax: float) -> np.ndarray:
    """Each value's row in LUT: 0 at -vmax, 127 at zero, 254 at +vmax (clipped beyond)."""
    v = np.clip(np.asarray(values, dtype=float) / vmax, -1, 1)
    return np.rint((v + 1) * (STEPS - 1) / 2).astype(np.int64)


def colour(value: float, vmax: float) -> str:
    return LUT[int(colour_index(value, vmax))]


def ink_on(value: float, vmax: float) -> str:
    """Text colour that stays readable on the cell (4.5:1 at least)."""
    return TEXT[int(colour_index(value, vmax))]


def fit_cell(rows: int, room: int = 150, largest: int = 34, least: int = 8) -> int:
    """The cell size (px) that fits `rows` rows of a detail view's map in `room` px: the detail
    views sit under the CNN overview, and both fit one 1280x800 screen."""
    return max(least, min(largest, room // max(rows, 1)))


def map_html(values, vmax: float, numbers: bool = True, cell: int = 38, boxes=(), marks=None,
             blank=None, caption: str = "") -> str:
    """values (H, W) as a grid of coloured cells.

    boxes: [(top, left, height, width, css class)] drawn as outlines over the cells;
    marks: bool (H, W), cells to mark (e.g. negative before a ReLU); blank: bool (H, W), cells
    drawn empty (not computed yet). Each cell's title holds its exact value.
    """
    values = np.asarray(values, dtype=float)
    h, w = values.shape
    font = max(8, min(13, cell // 3))
    digits = 3 if cell >= 46 else 2  # what fits the cell; the title holds 6 digits
    cells = []
    for r in range(h):
        for c in range(w):
            v = values[r, c]
            if blank is not None and blank[r, c]:
                cells.append(f"<div class='mcell blank' style='grid-row:{r + 1};grid-column:{c + 1}'></div>")
                continue
            mark = " marked" if marks is not None and marks[r, c] else ""
            text = significant(v, digits) if numbers else ""
            # A long number ("-0.00429") gets a smaller font rather than being cut at the cell's edge.
            fits = int((cell - 4) / (0.62 * len(text))) if text else font
            size = f"font-size:{max(7, fits)}px;" if fits < font else ""
            cells.append(f"<div class='mcell{mark}' title='{significant(v, 6)}' style='grid-row:{r + 1};"
                         f"grid-column:{c + 1};{size}background:{colour(v, vmax)};color:{ink_on(v, vmax)}'>"
                         f"{text}</div>")
    for top, left, bh, bw, cls in boxes:
        cells.append(f"<div class='mbox {cls}' style='grid-row:{top + 1}/span {bh};"
                     f"grid-column:{left + 1}/span {bw}'></div>")
    cap = f"<div class='map-caption'>{esc(caption)}</div>" if caption else ""
    return (f"<div class='map-wrap'>{cap}<div class='map-grid' style='grid-template-columns:repeat({w},{cell}px);"
            f"grid-template-rows:repeat({h},{cell}px);font-size:{font}px'>{''.join(cells)}</div></div>")


def legend_html(vmax: float, label: str = "value", note: bool = True) -> str:
    """A gradient bar from -vmax (blue) through 0 (white) to +vmax (vermillion); `note`: the colours
    said in words too (off where a legend nearby says them)."""
    stops = ", ".join(LUT[i] for i in range(0, STEPS, 32)) + f", {LUT[-1]}"
    return (f"<div class='colour-legend'><span>{esc(label)}:</span><span>−{significant(vmax, 2)}</span>"
            f"<span class='legend-bar' style='background:linear-gradient(to right, {stops})'></span>"
            f"<span>+{significant(vmax, 2)}</span>"
            + ("<span class='legend-note'>blue below 0 · white 0 · vermillion above 0</span>" if note else "")
            + "</div>")


def rgb_html(image, cell: int = 12, caption: str = "") -> str:
    """A colour image (3, H, W) in [0, 1] as a grid of its own colours; each cell's title holds
    its red, green and blue values."""
    image = np.clip(np.asarray(image, dtype=float), 0, 1)
    _, h, w = image.shape
    cells = []
    for r in range(h):
        for c in range(w):
            rgb = image[:, r, c]
            hexed = "#%02x%02x%02x" % tuple(int(round(v * 255)) for v in rgb)
            r_, g_, b_ = (significant(v) for v in rgb)
            cells.append(f"<div class='mcell' title='R {r_} G {g_} B {b_}' "
                         f"style='grid-row:{r + 1};grid-column:{c + 1};background:{hexed}'></div>")
    cap = f"<div class='map-caption'>{esc(caption)}</div>" if caption else ""
    return (f"<div class='map-wrap'>{cap}<div class='map-grid' style='grid-template-columns:repeat({w},{cell}px);"
            f"grid-template-rows:repeat({h},{cell}px)'>{''.join(cells)}</div></div>")


def image_html(image, cell: int = 12, caption: str = "") -> str:
    """An input image as the student sees it: (3, H, W) in its own colours, a grey (1, H, W) or
    (H, W) one on the scale from 0 (white) to 1 (vermillion)."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[0] == 3:
        return rgb_html(image, cell, caption)
    return map_html(image.reshape(image.shape[-2:]), 1.0, numbers=False, cell=cell, caption=caption)
