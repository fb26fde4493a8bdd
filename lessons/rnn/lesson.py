"""The RNN lesson: its steps, its checks and its key terms. The logic lives in engine/ and widgets/."""
import panel as pn

from widgets.check_question import Check
from widgets.info import Info
from widgets.lesson_page import Lesson, Step

from .session import RnnSession
from .views import prediction_plot

INTRO = """
A **recurrent network** reads a sequence one value at a time and keeps a memory of what it
has read. Here a small **LSTM** learns to continue a wave, live, on this server, while you
watch.

**You will learn** what a recurrent network predicts, how its loss falls as it trains, and
what the learning rate does to that. **About 10 minutes.**

**How to use it:** each step has one thing to do, written in **bold**. Move with **Next** and
**Back** (or the ← → keys), or jump with the step list. The address bar keeps your step, so
you can share it. Buttons marked **i** open details.
"""

PREDICTION_INFO = dict(title="How to read this plot", body="""
The grey band is the wave. The dots are what the network reads, one per time step. The
orange line is its guess of each **next** value, made from everything read so far. Right of
the dotted line it gets no more input: it feeds each guess back in as the next input and
continues on its own (blue, dashed). A network that has only learned "copy the last value"
draws an orange line one step late and a flat blue line.
""")

LOSS_INFO = dict(title="What the loss measures", body=r"""
The **mean squared error** between the guesses $\hat{x}_{t+1}$ and the true next values
$x_{t+1}$, averaged over the time steps $t = 1 \dots T$ of a batch of $B$ windows:

$$L = \frac{1}{BT} \sum_{b=1}^{B} \sum_{t=1}^{T} \left(\hat{x}^{(b)}_{t+1} - x^{(b)}_{t+1}\right)^2$$

Each **training step** computes it on a fresh batch, then moves every weight a little
against its gradient. The **learning rate** sets how far. The axis is logarithmic: each grid
line down is ten times less error.
""")


def step_task(session: RnnSession):
    return pn.Column(
        pn.pane.Markdown("**Pick a wave.** The network has not trained yet: its guesses are near-random."),
        session.wave, prediction_plot(session.run), Info(**PREDICTION_INFO), sizing_mode="stretch_width")


def step_train(session: RnnSession):
    return pn.Column(
        session.controls,
        pn.Row(pn.Column(session.chart, Info(**LOSS_INFO), sizing_mode="stretch_width"),
               pn.Column(prediction_plot(session.run, height=260), sizing_mode="stretch_width"),
               sizing_mode="stretch_width"),
        sizing_mode="stretch_width")


STEPS = (
    Step("A wave to continue", """
The network reads a wave one value at a time. At every time step it guesses the
**next** value. It has never trained, so its guesses are poor.

Its memory is a small vector, the **hidden state**, passed from one time step to the next.
That is what makes it **recurrent**: what it guesses now can depend on everything it has
read before, not only on the last value.

**Your action:** pick a wave on the right and compare its guesses (orange, blue) with the wave (grey).
""", view=step_task),
    Step("Train it and watch", """
**Your action: press ▶ Train.**

Every training step shows the network 32 windows of the wave, measures its error (the
**loss**), and nudges every weight to reduce it. Watch the loss fall on the left while the
guesses on the right move onto the wave, first near the dotted line, later further along.

Then try, while it trains:
- a **learning rate** of 1 or 3: too large a nudge. What does the loss do?
- **noise** on the input: the network must now see through it.
- **↺ Reset** starts again from the same random weights. Nothing you change here resets the
  network: a new setting applies at the next step.
""", view=step_train),
    Step("What did you see?", """
Answer from what you saw on the previous step. Go back and try it again if you are not sure:
your network keeps training where you left it.
""", checks=(
        Check("While the loss fell, what happened to the blue line right of the dotted line?",
              ("It moved onto the wave, first close to the dotted line and later further along",
               "It stayed where it was: the loss only measures the orange next-step guesses",
               "It matched the whole wave from the first training step on"),
              0,
              ("The network was trained only on next-step guesses, yet its free continuation improves too: "
               "a model that guesses each next value well can generate the wave by feeding itself.",
               "The loss is computed on next-step guesses, but the continuation is made of such guesses "
               "fed back in, so it improves with them. Look again while it trains.",
               "The untrained network's continuation was flat or wrong; it takes tens of steps to improve. "
               "Press Reset on the previous step and watch the first few seconds.")),
        Check("You set the learning rate to 3. What happened to the loss?",
              ("It jumped up or swung wildly instead of falling steadily",
               "It fell faster to a lower value than before",
               "Nothing visible: the learning rate only matters at the start"),
              0,
              ("Each step moves the weights too far: past the better values and beyond. "
               "A smaller rate brings it back without a reset, because a new setting applies at the next step.",
               "Try it again: a rate that large overshoots. The fastest fall comes from a moderate rate.",
               "The learning rate scales every single step, so changing it acts at once; look at the curve "
               "right after you change it.")),
        Check("Why does the blue continuation drift from the wave more the further it goes?",
              ("Each guess is fed back in as the next input, so small errors add up",
               "The network forgets the wave after a fixed number of steps",
               "The wave itself becomes noisier towards the right"),
              0,
              ("Right of the dotted line, no true value comes in any more: each small error becomes part of "
               "the next input, and errors compound.",
               "Its hidden state carries on without limit; what goes wrong is that it is now fed its own, "
               "slightly wrong, guesses.",
               "The grey wave is clean everywhere: noise is only ever added to what the network reads.")),
    ), review_terms=True),
)

TERMS = {
    "Recurrent network": "A network that reads a sequence one step at a time and passes a hidden state "
                         "from each step to the next, so its output can depend on everything read so far.",
    "Hidden state": "The vector a recurrent network carries from one time step to the next: its memory.",
    "LSTM": "Long short-term memory: a recurrent cell whose gates decide what to forget, what to store and "
            "what to output. The network here is an LSTM with 16 hidden units.",
    "Next-step prediction": "Guessing the value at time t+1 from the values up to time t: the task this "
                            "network is trained on.",
    "Loss": "One number that says how wrong the guesses are; here the mean squared error. Training lowers it.",
    "Training step": "One batch in, the loss measured, the gradient computed, every weight nudged against it.",
    "Learning rate": "How far each training step moves the weights. Too small crawls; too large overshoots "
                     "and the loss jumps or becomes infinite.",
    "Free-running continuation": "Feeding the network its own guesses as input to generate the sequence "
                                 "further; errors can compound.",
}

LESSON = Lesson(
    path="/rnn",
    title="Recurrent networks: continue the wave",
    summary="Watch an LSTM learn to continue a wave, live, and see what the learning rate does.",
    minutes=10,
    thumbnail="rnn.svg",
    intro=INTRO,
    steps=STEPS,
    terms=TERMS,
    session=RnnSession,
)
