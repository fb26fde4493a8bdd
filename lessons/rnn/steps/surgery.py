"""Step 'surgery': Gate surgery."""
import panel as pn

from engine.defaults import RNN_COMPARE, SURGERY_PIN
from widgets.course.check_question import Check
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..session import PIN_CHOICES, RnnSession
from ..spoken import said

SURGERY_INFO = dict(title="What pinning does", body=said(r"""
A pinned gate ignores its input: the cell computes the rest as usual with the gate's value
fixed, e.g. $f_t = 1$ gives $$c_t = c_{t-1} + i_t \odot g_t$$ a memory that never forgets,
and $f_t = 0$ gives $c_t = i_t \odot g_t$, no memory beyond one step. Both networks start from
the same settings; only the pinned gate differs.
"""))

CHECKS = (
    Check("With the forget gate pinned at 0, what did its loss curve do next to the intact LSTM's?",
          ("It stayed well above: the cell forgets the cue at every step, so the echo comes as a surprise",
           "It fell just as far: the input gate writes the cue again at the echo",
           "It fell further: forgetting keeps the cell state small and training stable"),
          0,
          (said(r"With $f = 0$, $c_t = i \cdot g$ holds only the current step: 20 steps after the cue nothing of "
                "it is left, so the network cannot predict the echo."),
           "At the echo the input is silence: there is nothing to write. Compare the two curves on screen.",
           "Look at the two curves: the pinned one stays higher. Keeping nothing means remembering nothing.")),
    Check("Pin the input gate off (i = 0) and train. What does that network learn, and why?",
          ("Nothing: its loss stays near where it started, because nothing is ever written into the cell state",
           "The same as the intact cell, only slower",
           "Better than the intact cell, because it cannot be distracted by new input"),
          0,
          (said(r"With $i = 0$, $c_t = f \cdot c_{t-1}$ stays at its start value 0, so $h_t = o \cdot \tanh(0) = 0$ "
                "at every step: the head only ever sees zeros and can learn nothing but the average."),
           said("Look at its curve: it stays flat. With $i = 0$ the cell state never leaves 0."),
           said("It cannot read its input at all: with $i = 0$ nothing reaches the cell state or the output."))),
)


class GateSurgery(LessonStep):
    id = "surgery"
    title = "Gate surgery"
    text = """
Our LSTM is our own code, so its gates can be fixed to a constant. Pin one and retrain to
see what that gate is for. Both networks learn the **echo** (a cue, then the same value 20 steps
later); the pinned one starts with its **forget gate at 0**.

**Your action: pick a gate to pin, then press ▶ Train all** and compare the two curves.
Try each choice: which gate can the network do without, and which not at all?
"""
    checks = CHECKS
    deeper = True
    tour = (
        stop("pin-choice", "Pick a gate", "Fix one gate to a constant: the pinned cell is built again."),
        stop("group-train", "Retrain", "Press ▶ Train all and compare the two loss curves.", wait=True),
    )

    def view(self):
        return surgery_view(self.session)


def surgery_view(session: RnnSession):
    echo = {"kind": RNN_COMPARE["kind"]}
    group = session.group("surgery", {"intact LSTM": echo, "LSTM with a pinned gate": {"pins": SURGERY_PIN, **echo}})
    default = next(label for label, pins in PIN_CHOICES.items() if pins == SURGERY_PIN)
    choice = pn.widgets.Select(name="Pin a gate", options=list(PIN_CHOICES), value=default, width=380,
                               css_classes=["pin-choice"])
    pn.bind(lambda label: group.runs["LSTM with a pinned gate"].reopen(pins=PIN_CHOICES[label]), choice.param.value,
            watch=True)
    return pn.Column(choice, group, Info(**SURGERY_INFO), sizing_mode="stretch_width")
