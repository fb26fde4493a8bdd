"""CheckQuestion: a multiple-choice question about what the student saw, with feedback per answer."""
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


class CheckQuestion(pn.viewable.Viewer):
    """`choice` is the picked option's index (None before); `correct` says whether it is right."""

    choice = param.Integer(default=None, allow_None=True)
    correct = param.Boolean(default=None, allow_None=True)

    def __init__(self, check: Check, **params):
        super().__init__(**params)
        self.check = check
        self._options = pn.widgets.RadioBoxGroup(options=list(check.options), value=None, inline=False,
                                                 css_classes=["check-options"])
        self._options.value = None  # Panel picks the first option when built with None: nothing is picked yet
        self._submit = pn.widgets.Button(label="Check my answer", button_type="primary", css_classes=["check-submit"])
        self._feedback = pn.pane.Alert("", visible=False, css_classes=["check-feedback"])
        self._submit.on_click(lambda _: self.answer(self._options.value))

    def answer(self, option: str | int | None):
        """Pick an option (its text or index) and show the feedback for it."""
        if option is None:
            self._feedback.param.update(object="Pick one of the answers first.", alert_type="warning", visible=True)
            return
        index = option if isinstance(option, int) else self.check.options.index(option)
        self._options.value = self.check.options[index]
        self.choice, self.correct = index, index == self.check.answer
        verdict = "Right." if self.correct else "Not quite."
        self._feedback.param.update(object=f"**{verdict}** {self.check.feedback[index]}",
                                    alert_type="success" if self.correct else "danger", visible=True)

    @property
    def feedback_text(self) -> str:
        return self._feedback.object if self._feedback.visible else ""

    def __panel__(self):
        return pn.Column(pn.pane.Markdown(f"**{self.check.question}**", css_classes=["check-question"]),
                         self._options, self._submit, self._feedback, css_classes=["check"])
