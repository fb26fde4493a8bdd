"""IntroDialog: a lesson's introduction, opened on a student's first visit and reopenable."""
import panel as pn
import param
from panel.custom import JSComponent


class FirstVisit(JSComponent):
    """Sets `first` to True once if this browser has not seen `key` before (localStorage)."""

    key = param.String(default="explorables")
    first = param.Boolean(default=False)

    _esm = "intro_dialog.js"


class DialogName(JSComponent):
    """Gives the Modal with css class `target` the accessible name `label` (axe: aria-dialog-name):
    Panel's Modal has no name for its role="dialog" element, which lives in the Modal's shadow
    root where no aria-labelledby from our content can reach."""

    target = param.String(default="")
    label = param.String(default="")

    _esm = "dialog_name.js"


class IntroDialog(pn.viewable.Viewer):
    """`body` is Markdown; `opened` counts openings (first visit or the About button)."""

    title = param.String(default="Welcome")
    body = param.String(default="")
    key = param.String(default="lesson", doc="Remembers per lesson that the browser has seen it.")
    opened = param.Integer(default=0)
    closed = param.Integer(default=0, doc="Counts closings with the Start button.")

    def __init__(self, **params):
        super().__init__(**params)
        start = pn.widgets.Button(label="Start the lesson", button_type="primary", css_classes=["intro-start"])
        self._modal = pn.Modal(
            pn.pane.Markdown(f"## {self.title}\n\n{self.body}", css_classes=["intro-body"], width=640),
            start, css_classes=["intro-dialog"])
        start.on_click(lambda _: self._start())
        self._name = DialogName(target="intro-dialog", label=self.title)
        self._first = FirstVisit(key=self.key)
        self._first.param.watch(lambda e: e.new and self.open(), "first")
        self.about_button = pn.widgets.Button(label="About this lesson", button_type="light", width=180,
                                              align="center", css_classes=["intro-reopen"])
        self.about_button.on_click(lambda _: self.open())

    @property
    def is_open(self) -> bool:
        return self._modal.open

    def open(self):
        self.opened += 1
        self._modal.open = True

    def close(self):
        self._modal.open = False

    def _start(self):
        self.close()
        self.closed += 1

    def __panel__(self):
        return pn.Column(self._modal, self._name, self._first, height=0, margin=0)
