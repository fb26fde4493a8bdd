"""TradeoffMap: every finished run as a point, quality against cost, the Pareto front drawn.

Click a point to select it; `selected` holds its id and the page shows its settings. Plain
Bokeh: a Tap event on the figure (a HoloViews Tap stream on a bound DynamicMap never fired).
A plot's points cannot take the keyboard's focus, so every run is also an option of a select
under the map, cheapest first as the map reads left to right: the keyboard's way, and the
screen reader's, to the same selection.
"""
import numpy as np
import panel as pn
import param
from bokeh.events import Tap
from bokeh.models import ColumnDataSource

from engine.pareto import pareto_front
from widgets.style.bokeh_style import add_hover, live_figure
from widgets.style.bokeh_writes import in_order
from widgets.style.numbers import significant
from widgets.style.palette import BLUE, GREY, INK, ORANGE

EMPTY = {"x": [], "y": [], "id": []}
COSTS = {"training time (s)": "seconds", "parameters": "params"}  # a run's cost: axis label -> its measure
NONE = "– none –"


class TradeoffMap(pn.viewable.Viewer):
    """`points`: [{"id", "x", "y", "mine", "example"}] (x: a cost, lower is better; y: a quality, higher
    is better; "example": a run of the server's example sweep, drawn hollow, apart from the class's)."""

    points = param.List(default=[])
    xlabel = param.String(default="training time (s)")
    ylabel = param.String(default="validation accuracy")
    logx = param.Boolean(default=False)
    selected = param.String(default=None, allow_None=True, doc="The id of the clicked run.")
    height = param.Integer(default=380)
    mine_label = param.String(default="yours", doc="The legend's name for points with mine=True; '' for "
                              "a map that has none (the instructor's), so no empty entry shows.")

    def __init__(self, **params):
        super().__init__(**params)
        self.sources = {k: ColumnDataSource(dict(EMPTY)) for k in ("others", "examples", "mine", "front", "chosen")}
        self._pane = pn.pane.Bokeh(sizing_mode="stretch_width", css_classes=["tradeoff-map"])
        # "" for no run: a None value leaves the browser's select with no option chosen, so the
        # first Down only chose "none".
        self._picker = pn.widgets.Select(name="Or choose a run", options={NONE: ""}, value="",
                                         sizing_mode="stretch_width", css_classes=["run-picker"])
        self._picker.param.watch(lambda e: setattr(self, "selected", e.new or None), "value")
        self._build()

    @property
    def front_ids(self) -> list[str]:
        if not self.points:
            return []
        idx = pareto_front([p["x"] for p in self.points], [p["y"] for p in self.points])
        return [self.points[i]["id"] for i in idx]

    def nearest(self, x: float, y: float) -> str | None:
        """The id of the point nearest a click, measured in axis fractions (log x when logx)."""
        if not self.points or x is None:
            return None
        xs = np.array([p["x"] for p in self.points], dtype=float)
        ys = np.array([p["y"] for p in self.points], dtype=float)
        if self.logx:
            xs, x = np.log10(np.maximum(xs, 1e-12)), np.log10(max(x, 1e-12))
        span_x, span_y = max(np.ptp(xs), 1e-9), max(np.ptp(ys), 1e-9)
        d = ((xs - x) / span_x) ** 2 + ((ys - y) / span_y) ** 2
        best = int(np.nanargmin(d))
        return self.points[best]["id"] if d[best] < 0.05 ** 2 * 4 else None

    def _on_tap(self, x=None, y=None, **_):
        hit = self.nearest(x, y)
        if hit is not None:
            self.selected = hit

    @param.depends("logx", "xlabel", "ylabel", "mine_label", watch=True)
    def _build(self):
        """A new figure only when an axis changes; points move in place."""
        fig = live_figure(self.height, self.xlabel, self.ylabel, x_axis_type="log" if self.logx else "linear")
        s = self.sources
        fig.step("x", "y", source=s["front"], mode="after", color=ORANGE, line_width=3, legend_label="Pareto front")
        examples = fig.scatter("x", "y", source=s["examples"], fill_alpha=0, line_color=GREY, line_width=2, size=10,
                               legend_label="examples (server)")
        others = fig.scatter("x", "y", source=s["others"], color=GREY, size=10, alpha=0.75, legend_label="the class")
        legend = {"legend_label": self.mine_label} if self.mine_label else {}
        mine = fig.scatter("x", "y", source=s["mine"], color=BLUE, size=13, marker="diamond", **legend)
        fig.scatter("x", "y", source=s["chosen"], fill_alpha=0, line_color=INK, line_width=3, size=24)
        fig.legend.location = "bottom_right"
        # Bokeh draws no swatch for a glyph without points: an empty kind's entry is hidden (_draw).
        self._legend_items = dict(zip(("front", "examples", "others", "mine"), fig.legend[0].items))
        add_hover(fig, [examples, others, mine], [(self.xlabel, "@x{0.00a}"), (self.ylabel, "@y{0.0%}")])
        fig.on_event(Tap, lambda e: self._on_tap(e.x, e.y))
        self._pane.object = fig
        self._draw()

    @param.depends("points", "selected", watch=True)
    def _draw(self):
        pts = [p for p in self.points if np.isfinite(p["x"]) and np.isfinite(p["y"])]

        def columns(rows):
            return {"x": [float(p["x"]) for p in rows], "y": [float(p["y"]) for p in rows],
                    "id": [p["id"] for p in rows]}
        by_id = {p["id"]: p for p in pts}
        s = self.sources
        with in_order():
            s["others"].data = columns([p for p in pts if not p["mine"] and not p.get("example")])
            s["examples"].data = columns([p for p in pts if not p["mine"] and p.get("example")])
            s["mine"].data = columns([p for p in pts if p["mine"]])
            s["front"].data = columns([by_id[i] for i in self.front_ids if i in by_id])
            s["chosen"].data = columns([by_id[self.selected]] if self.selected in by_id else [])
            for kind, item in self._legend_items.items():
                item.visible = bool(s[kind].data["id"])
        self._picker.param.update(options=self.choices(pts), value=self.selected if self.selected in by_id else "")

    def choices(self, points: list[dict]) -> dict[str, str]:
        """The select's options, label -> run id: cheapest first, each run in words."""
        front, options = set(self.front_ids), {NONE: ""}
        for p in sorted(points, key=lambda p: (p["x"], -p["y"])):
            label = (f"{p['y']:.1%} {self.ylabel}, {self.xlabel} {significant(p['x'])}"
                     + (", yours" if p["mine"] else ", an example" if p.get("example") else "")
                     + (", on the front" if p["id"] in front else ""))
            options[label if label not in options else f"{label} ({p['id'][:6]})"] = p["id"]
        return options

    def __panel__(self):
        return pn.Column(self._pane, self._picker, sizing_mode="stretch_width")
