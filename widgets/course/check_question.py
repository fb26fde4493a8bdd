"""CheckQuestion: a multiple-choice question about what the student saw, with feedback per answer."""
import hashlib
from dataclasses import dataclass

import panel as pn
import param


@dataclass(frozen=True)
class Check:
    question: str
    options: tuple[str, ...]
    answer: int                   # index of the right option
    feedback: tuple[str, ...]     # one explanation per option: why it is right or not

    def __post_init__(self):
        if len(self.options) != len(self.feedback) or not 0 <= self.answer < len(self.options):
            raise ValueError(f"check {self.question!r}: options, feedback and answer do not fit")

    @property
    def order(self) -> list[int]:
        """The options in a fixed shuffled order, so the right one is not always first."""
        def key(i):
            return hashlib.sha256(f"{self.question}|{self.options[i]}".encode()).hexdigest()
        return sorted(range(len(self.options)), key=key)


# An answer reads as a choice, not a grey bar: a framed row with a radio circle, filled once picked.
OPTION_STYLE = """
.bk-btn { white-space: normal; text-align: left; font-size: 1rem; position: relative; padding-left: 2.4em;
          border: 1px solid #c8ccd6; }
.bk-btn::before { content: ""; position: absolute; left: 0.8em; top: 50%; width: 0.85em; height: 0.85em;
                  margin-top: -0.55em; border: 2px solid #555555; border-radius: 50%; background: #ffffff; }
.bk-btn-success::before, .bk-btn-danger::before { border-color: #ffffff;
                  background: radial-gradient(currentColor 0 35%, #ffffff 40%); }
"""


class CheckQuestion(pn.viewable.Viewer):
    """One button per answer, nothing chosen beforehand; `choice` is the picked option's index."""

    choice = param.Integer(default=None, allow_None=True)
    correct = param.Boolean(default=None, allow_None=True)

    def __init__(self, check: Check, **params):
        super().__init__(**params)
        self.check = check
        self._buttons = {}
        for i in check.order:
            button = pn.widgets.Button(label=check.options[i], button_type="light", sizing_mode="stretch_width",
                                       css_classes=["check-option"], stylesheets=[OPTION_STYLE])
            button.on_click(lambda _, i=i: self.answer(i))
            self._buttons[i] = button
        self._feedback = pn.pane.Alert("", visible=False, css_classes=["check-feedback"])

    def answer(self, option: str | int):
        """Pick an option (its text or index) and show the feedback for it."""
        index = option if isinstance(option, int) else self.check.options.index(option)
        # Both at once: a watcher of `choice` reads `correct` (one set after the other, it read the old one).
        self.param.update(choice=index, correct=index == self.check.answer)
        for i, button in self._buttons.items():
            button.button_type = ("success" if self.correct else "danger") if i == index else "light"
        verdict = "Right." if self.correct else "Not quite."
        self._feedback.param.update(object=f"**{verdict}** {self.check.feedback[index]}",
                                    alert_type="success" if self.correct else "danger", visible=True)

    @property
    def feedback_text(self) -> str:
        return self._feedback.object if self._feedback.visible else ""

    def __panel__(self):
        return pn.Column(pn.pane.Markdown(f"**{self.check.question}**", css_classes=["check-question"]),
                         *self._buttons.values(), self._feedback, css_classes=["check"],
                         sizing_mode="stretch_width")


def placed(check: Check, position: int) -> Check:
    """The same check with its right answer moved to `position`, so the right one is not always first."""
    order = [i for i in range(len(check.options)) if i != check.answer]
    order.insert(position, check.answer)
    return Check(check.question, tuple(check.options[i] for i in order), position,
                 tuple(check.feedback[i] for i in order))
