"""StepPlayer: walk through the cells of an explanation one at a time, or play through them.

Panel's Player draws icon-only buttons and an unlabelled number box (axe: six buttons without a
name and an input without a label on /cnn step 3); these are plain buttons that say what they
do, and not "Back" and "Next", which move the lesson. Playing is a periodic callback on the
page's own event loop, running only while it plays."""
import panel as pn
import param


class StepPlayer(pn.viewable.Viewer):
    value = param.Integer(default=0, bounds=(0, None), doc="The cell shown, counted from 0.")
    end = param.Integer(default=0, bounds=(0, None), doc="The last cell.")
    interval = param.Integer(default=700, bounds=(50, None), doc="Milliseconds between cells while playing.")
    playing = param.Boolean(default=False)
    label = param.String(default="Position", doc="What a cell is called: 'Kernel position', 'Window'.")
    counter = param.Boolean(default=True, doc="Say '<label> 2 of 4' beside the buttons (off where the view "
                            "says the position itself).")

    def __init__(self, css_classes=(), **params):
        super().__init__(**params)
        self._callback = None
        button = dict(width=96, margin=(4, 2), button_type="light")
        self._first = pn.widgets.Button(label="◀◀ First", **button)
        self._back = pn.widgets.Button(label="◀ Step back", **button)
        self._play = pn.widgets.Button(label="▶ Play", button_type="primary", width=96, margin=(4, 2))
        self._next = pn.widgets.Button(label="Step on ▶", **button)
        self._last = pn.widgets.Button(label="Last ▶▶", **button)
        self._where = pn.pane.HTML(margin=(10, 8), width=150)  # "Window 19 of 64"
        self._first.on_click(lambda _: self._go(0))
        self._back.on_click(lambda _: self._go(self.value - 1))
        self._next.on_click(lambda _: self._go(self.value + 1))
        self._last.on_click(lambda _: self._go(self.end))
        self._play.on_click(lambda _: setattr(self, "playing", not self.playing))
        self._layout = pn.Row(css_classes=list(css_classes))
        self._place_counter()
        pn.bind(self._show, self.param.value, self.param.end, self.param.playing, watch=True)
        pn.bind(self._run, self.param.playing, self.param.interval, watch=True)
        self._show()

    @param.depends("counter", watch=True)
    def _place_counter(self):
        # Without the counter, not even a hidden one: a hidden pane still widened the row by its width.
        counter = [self._where] if self.counter else []
        self._layout.objects = [self._first, self._back, self._play, self._next, self._last, *counter]

    def _go(self, value: int):
        self.playing = False
        self.value = min(max(value, 0), self.end)

    def _tick(self):
        if self.value < self.end:
            self.value += 1
        else:
            self.playing = False  # once through, then stop

    def _run(self, *_):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        if self.playing and pn.state.curdoc is not None:
            if self.value >= self.end:
                self.value = 0  # play again from the start
            self._callback = pn.state.add_periodic_callback(self._tick, period=self.interval)

    def _show(self, *_):
        self._play.label = "❚❚ Pause" if self.playing else "▶ Play"
        self._where.object = f"{self.label} <b>{self.value + 1}</b> of {self.end + 1}"

    def __panel__(self):
        return self._layout
