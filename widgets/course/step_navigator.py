"""StepNavigator: Back / Next, "Step k of n", a list to jump to any step, and arrow keys."""
import panel as pn
import param

from widgets.course.browser_history import BrowserHistory
from widgets.course.keys import ArrowKeys


class StepNavigator(pn.viewable.Viewer):
    """`step` (1-based) is the whole state; pages sync it to the URL as ?step=k."""

    step = param.Integer(default=1, bounds=(1, None), doc="The current step, counted from 1.")
    titles = param.List(default=["Step"], item_type=str, doc="Each step's title, in order.")
    deeper = param.List(default=[], doc="Indices (1-based) of the optional, deeper steps.")
    last_open = param.Integer(default=0, bounds=(0, None),
                              doc="In a class, the last step the instructor has opened (0: all are open).")
    first = param.String(default="1", doc="What ?step= says for the first step (its id on lesson pages).")

    def __init__(self, **params):
        super().__init__(**params)
        self._back = pn.widgets.Button(label="◀ Back", width=110, css_classes=["nav-back"])
        self._next = pn.widgets.Button(label="Next ▶", button_type="primary", width=110,
                                       css_classes=["nav-next"])
        self._label = pn.pane.HTML(css_classes=["step-label"], margin=(8, 12))
        # Named for screen readers (axe: select-name); the label is hidden, the options say it.
        # 530 px: the longest step title (45 characters, its number and "· deeper") shows whole.
        self._jump = pn.widgets.Select(name="Jump to a step", width=530, css_classes=["step-jump"],
                                       stylesheets=[":host { font-size: 1rem; }",
                                                    "label { position: absolute; width: 1px; height: 1px; "
                                                    "overflow: hidden; clip-path: inset(50%); }"])
        self._keys = ArrowKeys()
        self._history = BrowserHistory(defaults={"step": self.first})  # Back/Forward restore the step
        self._back.on_click(lambda _: self.go(self.step - 1))
        self._next.on_click(lambda _: self.go(self.step + 1))
        self._jump.param.watch(lambda e: self.go(e.new), "value")
        self._keys.param.watch(lambda _: self.go(self.step - 1), "left")
        self._keys.param.watch(lambda _: self.go(self.step + 1), "right")
        self._refresh()

    @property
    def n(self) -> int:
        return len(self.titles)

    def go(self, step: int):
        """Move to `step` if it exists; out-of-range moves are ignored."""
        if 1 <= step <= self.limit:
            self.step = step
        elif self._jump.value != self.step:  # a closed step picked in the list: the list goes back
            self._jump.value = self.step

    @property
    def limit(self) -> int:
        """The last step one may move to."""
        return min(self.last_open or self.n, self.n)

    @param.depends("step", "titles", "deeper", "last_open", watch=True)
    def _refresh(self):
        if self.step > self.limit:  # past the end, or past what the class has open
            self.step = self.limit
            return
        self._back.disabled = self.step == 1
        self._next.disabled = self.step >= self.limit
        self._label.object = f"Step <b>{self.step}</b> of {self.n}"
        self._jump.options = {self.option_label(i): i for i in range(1, self.n + 1)}
        self._jump.value = self.step

    def option_label(self, i: int) -> str:
        mark = "  · deeper" if i in self.deeper else ""
        mark += "  · closed for now" if i > self.limit else ""
        return f"{i}. {self.titles[i - 1]}{mark}"

    @property
    def label_text(self) -> str:
        return f"Step {self.step} of {self.n}"

    def __panel__(self):
        return pn.Row(self._back, self._label, self._next, pn.Spacer(width=16), self._jump,
                      self._keys, self._history, css_classes=["step-navigator"], align="center")
