"""KnobGraph: one knob beside the graphs of what it steers, streamed live, each change marked.

Jiang's design: a slider that weights part of the loss sits next to a live graph of that part,
and the student sees where each move of the slider landed in the curve.
"""
import panel as pn
import param

from widgets.run.stream_chart import StreamChart


class KnobGraph(pn.viewable.Viewer):
    """A knob (any Panel widget) and the one or two graphs it steers, side by side.

    `graphs` are StreamCharts; `mark(steps)` marks a change on every one. `note` says when a
    change shows and how to undo it: the page fills it in.
    """

    knob = param.Parameter(doc="The widget the student moves.", allow_refs=False)
    graphs = param.List(default=[], item_type=StreamChart)
    note = param.String(default="", doc="Markdown beside the knob: when its effect is due, how to undo it.")

    def __init__(self, **params):
        super().__init__(**params)
        if not 1 <= len(self.graphs) <= 2:
            raise ValueError("a knob steers one or two graphs: more is more than people can follow")
        self._note = pn.pane.Markdown(self.note, css_classes=["knob-note"], sizing_mode="stretch_width")
        self.param.watch(lambda e: setattr(self._note, "object", e.new), "note")

    def mark(self, steps):
        for graph in self.graphs:
            graph.mark(steps)

    def __panel__(self):
        knob = pn.Column(self.knob, self._note, width=300, css_classes=["knob"])
        return pn.Row(knob, *self.graphs, sizing_mode="stretch_width", css_classes=["knob-graph"])
