"""Step 'text': Text, one character at a time."""
import panel as pn

from widgets.course.check_question import Check
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop
from widgets.rnn.char_strip import CharStrip

from ..session import RnnSession
from ..spoken import said

TEXT_INFO = dict(title="How it writes", body=said(r"""
The head gives a score $s_k$ for every character $k$; the temperature $\tau$ turns scores into
probabilities, $$p_k = \frac{e^{s_k / \tau}}{\sum_j e^{s_j / \tau}}$$ and the next character is drawn
from them. The loss is the cross-entropy $-\log p_{\text{true}}$, averaged over the characters.
"""))

CHECKS = (
    Check("While the loss fell, what happened to what the network writes?",
          ("It went from random characters to the training text's pattern, first the letters, then the order",
           "It stayed random: the loss measures something else",
           "It copied the training text exactly from the first step on"),
          0,
          ("Each character is a next-character guess fed back in, like the wave's continuation: as the "
           "guesses improve, the writing takes on the text's letters, then its words and order.",
           "Look again while it trains: the sample is drawn from the live model at every update.",
           "The untrained network writes random characters; it takes some training steps.")),
    Check("Set the temperature to 2, then to 0.1. What changes?",
          ("At 2 it writes more varied and more wrong characters; at 0.1 it repeats its likeliest choices",
           "Nothing: the temperature changes the weights only at the next step",
           "At 2 it trains faster"),
          0,
          ("The temperature divides the scores before the softmax: high flattens the probabilities, low "
           "sharpens them. The weights do not change at all.",
           "The temperature is applied only when sampling; it changes what it writes at once.",
           "Training never sees the temperature: the loss curve is unaffected.")),
)


class Text(LessonStep):
    id = "text"
    title = "Text, one character at a time"
    text = """
An LSTM with 32 units reads text one character at a time and guesses the next one. Then it
writes on its own: each guess is fed back in, like the wave's continuation.

**Your action: press ▶ Train** and watch what it writes, first on "ababab…", then on a
paragraph. The colours show one unit's **cell state** after each character: look for a
unit that changes with the pattern. The **temperature** changes only how it picks
characters: low picks the likeliest, high explores.
"""
    checks = CHECKS
    deeper = True
    tour = (
        stop("corpus-choice", "Pick a text", "Start with ababab…: the simplest memory task there is."),
        stop("tour-train", "Train", "Press ▶ Train.", wait=True),
        stop("char-strip", "What it writes", "Each character is coloured by one unit's cell state after it."),
    )

    def view(self):
        return text_view(self.session)


def text_view(session: RnnSession):
    run = session.text_run()
    corpus = pn.widgets.RadioButtonGroup(options={"ababab…": "pattern", "a paragraph": "paragraph"},
                                         value="pattern", button_type="primary", button_style="outline",
                                         css_classes=["corpus-choice"])
    pn.bind(lambda name: run.reopen(corpus=name), corpus.param.value, watch=True)
    strip = CharStrip()
    unit = pn.widgets.IntSlider(name="Unit whose cell state colours the text", start=0, end=31, value=0, width=320)
    unit.link(strip, value="unit")

    def show(views):
        sample = views.get("sample")
        if sample is not None:
            strip.param.update(text=sample["text"], cell=sample["cell"])

    pn.bind(show, run.param.views, watch=True)
    return pn.Column(corpus, session.text_controls,
                     pn.Row(pn.Column(session.text_chart, sizing_mode="stretch_width"),
                            pn.Column(pn.pane.Markdown("**What it writes now** (80 characters, fed its own output)"),
                                      strip, unit, Info(**TEXT_INFO), sizing_mode="stretch_width"),
                            sizing_mode="stretch_width"),
                     sizing_mode="stretch_width")
