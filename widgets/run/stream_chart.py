"""StreamChart: the site's one live chart: named series of (step, value), one line each, in plain
Bokeh. Only new points travel to the browser (ColumnDataSource.stream); nothing is re-rendered."""
import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource, DataRange1d, HoverTool, Label, Legend, Range1d

from widgets.style.bokeh_style import live_figure
from widgets.style.bokeh_writes import in_order
from widgets.style.numbers import hover_format, percent, significant
from widgets.style.palette import BLUE, VERMILLION, run_colour


class StreamChart(pn.viewable.Viewer):
    """`push(steps, values, series=name)` appends to one line; `set_curve(name, steps, values)` gives
    a line's whole curve so far and sends only its new tail. A push to a new name adds its line."""

    series = param.List(default=["value"], item_type=str, doc="The lines, in legend order.")
    label = param.String(default="Loss", doc="What the values measure: the y axis and the readout.")
    x_label = param.String(default="training step")
    logy = param.Boolean(default=True, doc="Log axis: a loss falling 100x stays readable. "
                         "Values <= 0 cannot be drawn on it and are dropped.")
    ylim = param.Tuple(default=None, allow_None=True, length=2, doc="A fixed y range, or None: fit the data.")
    percent = param.Boolean(default=False, doc="Values are shares in [0, 1]: read out as %.")
    colour = param.Color(default=BLUE, doc="The colour of a chart's only line.")
    colours = param.Dict(default={}, doc="name -> colour (a model's, from the palette); "
                         "other lines of several: run_colour(position).")
    dashed = param.List(default=[], item_type=str, doc="Lines drawn dashed: a variant in its model's colour.")
    readout = param.Boolean(default=True, doc="The latest value of each line, in words, above the plot.")
    empty_text = param.String(default="", doc="Said instead of the plot while there is no line at all.")
    waiting_text = param.String(default="No curve yet:\ntrain to draw it.",
                                doc="Said inside the plot until a line has two points (one point draws no line), "
                                "so an empty box reads as waiting.")
    height = param.Integer(default=300)
    css_classes = param.List(default=[], item_type=str, doc="Extra classes (a tour stop finds the chart by one).")
    latest = param.Dict(default={}, doc="name -> (step, value): each line's latest point.")

    def __init__(self, **params):
        super().__init__(**params)
        self.sources: dict[str, ColumnDataSource] = {}
        self.marks = ColumnDataSource({"x": []})
        self._sent: dict[str, int] = {}  # points of each line's curve already sent (set_curve)
        self._plot = pn.pane.Bokeh(sizing_mode="stretch_width")
        self._readout = pn.pane.HTML(css_classes=["readout"], margin=(0, 10), sizing_mode="stretch_width",
                                     visible=self.readout)
        self._empty = pn.pane.Markdown(self.empty_text, css_classes=["empty-note"])
        self._drawn = False  # the figure is made when first shown: a page's hidden charts cost nothing
        self._waiting = Label(x=20, x_units="screen", y_units="screen", text_color="#555555", text_font_size="13pt")
        self._legend: Legend | None = None
        self._add_sources()

    # --- data in ------------------------------------------------------------------------------
    def push(self, steps, values, series: str | None = None):
        """Append points to one line (the first when None); non-finite values are dropped (the run
        reports them in words), and non-positive ones on a log axis."""
        name = self.series[0] if series is None else series
        if name not in self.series:
            self.series = [*self.series, name]
        steps, values = np.asarray(steps, dtype=float), np.asarray(values, dtype=float)
        keep = np.isfinite(values) & ((values > 0) if self.logy else True)
        if not keep.any():
            return
        steps, values = steps[keep], values[keep]
        as_int = np.all(steps == np.round(steps))
        with in_order():
            if self._waiting.visible and len(self.sources[name].data["step"]) + len(steps) > 1:
                self._show_waiting(False)
            self.sources[name].stream({"step": (steps.astype(int) if as_int else steps).tolist(),
                                       "value": values.tolist()})
        self.latest = {**self.latest, name: (steps[-1].item() if not as_int else int(steps[-1]), float(values[-1]))}

    def set_curve(self, series: str, steps, values):
        """A line's whole curve from its start: only points not sent before are sent; a curve
        shorter than before (a reset, a rewind) is redrawn from its start."""
        if series not in self.series:
            self.series = [*self.series, series]
        n = min(len(steps), len(values))
        if n < self._sent.get(series, 0):
            self.clear(series)
        sent = self._sent.get(series, 0)
        self._sent[series] = n
        self.push(list(steps)[sent:n], list(values)[sent:n], series=series)

    def mark(self, steps):
        """Mark changes that act from step s + 1: a dashed line at s + 0.5 for each."""
        at = [s + 0.5 for s in steps]
        if at != list(self.marks.data["x"]):
            with in_order():
                self.marks.data = {"x": at}

    def clear(self, series: str | None = None):
        """Empty one line, or every line and the marks."""
        names = self.series if series is None else [series]
        for name in names:
            if name in self.sources:
                with in_order():
                    self.sources[name].data = {"step": [], "value": []}
            self._sent.pop(name, None)
        if series is None:
            with in_order():
                self.marks.data = {"x": []}
                self._show_waiting(True)
        self.latest = {k: v for k, v in self.latest.items() if k not in names}

    def curve(self, series: str | None = None) -> dict:
        """What one line holds now: {"step": [...], "value": [...]}."""
        return dict(self.sources[self.series[0] if series is None else series].data)

    # --- what it shows ------------------------------------------------------------------------
    def colour_of(self, series: str) -> str:
        if series in self.colours:
            return self.colours[series]
        if len(self.series) == 1 or series not in self.series:
            return self.colour
        return run_colour(self.series.index(series))

    def value_text(self, value: float) -> str:
        return percent(value) if self.percent else significant(value)

    @property
    def readout_text(self) -> str:
        if len(self.series) == 1:
            point = self.latest.get(self.series[0])
            if point is None:
                return f"{self.label}: no steps yet"
            return f"{self.label} {self.value_text(point[1])} at step {point[0]}"
        return " · ".join(f"{name} {self.value_text(self.latest[name][1]) if name in self.latest else '–'}"
                          for name in self.series)

    @param.depends("latest", "series", watch=True)
    def _refresh_readout(self):
        self._readout.object = self.readout_text

    def _add_sources(self):
        """One source per line; a line's source outlives figures, so a new figure keeps its points."""
        self.sources = {name: self.sources.get(name) or ColumnDataSource({"step": [], "value": []})
                        for name in self.series}
        self._sent = {name: n for name, n in self._sent.items() if name in self.sources}
        self.latest = {name: p for name, p in self.latest.items() if name in self.sources}

    @param.depends("series", "label", "x_label", "logy", "ylim", "colour", "colours", "dashed", "height", watch=True)
    def _rebuild(self):
        self._add_sources()
        if self._drawn:
            self._build()
        else:
            self._refresh_readout()

    def _build(self):
        """A new figure: only when the lines or the axes change (never for a point)."""
        self._drawn = True
        extra = {"y_range": Range1d(*self.ylim)} if self.ylim is not None else {}
        extra["x_range"] = DataRange1d(start=0)  # steps and seconds: a lone step-0 point is not drawn at -1..1
        fig = live_figure(self.height, self.x_label, self.label, logy=self.logy, **extra)
        self._waiting.update(text=self.waiting_text, y=self.height // 2 - 40)  # about mid-plot, above the x axis
        fig.add_layout(self._waiting)
        fig.vspan(x="x", source=self.marks, line_color=VERMILLION, line_dash="dashed", line_width=2)
        lines = {name: fig.line("step", "value", source=source, color=self.colour_of(name), line_width=2.5,
                                line_dash="dashed" if name in self.dashed else "solid")
                 for name, source in self.sources.items()}
        if len(lines) > 1:
            self._legend = Legend(items=[(name, [line]) for name, line in lines.items()], click_policy="hide",
                                  label_text_font_size="12pt")
            fig.add_layout(self._legend, "right")
        else:
            self._legend = None
        self._show_waiting(not any(len(src.data["step"]) > 1 for src in self.sources.values()))
        value, formatters = hover_format("value", share=self.percent)
        for name, line in lines.items():
            head = [("run", name)] if len(lines) > 1 else []
            fig.add_tools(HoverTool(renderers=[line], tooltips=[*head, ("step", "@step"), (self.label, value)],
                                    formatters=formatters))
        self._plot.object = fig
        self._plot.visible = bool(self.series) or not self.empty_text
        self._empty.visible = not self.series and bool(self.empty_text)
        self._refresh_readout()

    def _show_waiting(self, waiting: bool):
        """The waiting label, or the legend: Bokeh draws no swatch for a line without points, so a
        legend of names alone would read as broken."""
        self._waiting.visible = waiting
        if self._legend is not None:
            self._legend.visible = not waiting

    @property
    def figure(self):
        """The Bokeh figure (made now if it was not yet)."""
        if not self._drawn:
            self._build()
        return self._plot.object

    def __panel__(self):
        if not self._drawn:
            self._build()
        return pn.Column(self._readout, self._empty, self._plot, sizing_mode="stretch_width",
                         css_classes=["stream-chart", *self.css_classes])
