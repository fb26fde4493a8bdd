"""The RNN lesson: its steps as data. The logic lives in engine/ and widgets/; the words in text.py."""
from widgets.course.legacy_step import StepSpec as Step, as_step
from widgets.course.lesson_page import Lesson
from widgets.course.tour import stop

from . import checks, text, views
from .session import RnnSession

STEPS = (
    Step("memory", "Why sequences need memory", """
Two networks learn the same task: read a wave, guess its next value. One is
**feed-forward**: it sees only the current value. The other is an **LSTM**, a recurrent
network: it carries a **hidden state** from each step to the next.

**Your action: press ▶ Train all** and compare the two loss curves, then the two plots:
orange is each network's guess one step ahead, blue (right of the dotted line) is what it
writes on its own, feeding back its guesses.

Where does the feed-forward network go wrong when it is on its own?
""", view=views.memory_view, tour=(
        stop("group-train", "Train both networks", "Press ▶ Train all: both networks learn the same task at once.",
             wait=True),
        stop("prediction-plot", "Compare the guesses", "Orange is each network's guess of the next value, grey "
             "the wave. Where do the two differ?"),
    )),
    Step("network", "The network, left to right", """
The input enters on the left, flows through the recurrent layer (its loop is the memory)
and a dense layer to the prediction on the right. The red ticks under the plot are the
**error** between each guess and the true next value.

**Your action: press Show one training step slowly.** Watch the four phases: forward,
error, backward, update. Then try another wave, or add a layer.

A new shape builds a new network with new weights; settings like the learning rate never do.
""", view=views.overview_view, tour=(
        stop("network-diagram", "The network", "Input on the left, the recurrent layer with its loop in the "
             "middle, the dense layer and the prediction on the right."),
        stop("tour-slow-step", "One training step, slowly", "Press it and watch the four phases.", wait=True),
        stop("tour-architecture", "Change the network", "Add layers or units: a new network is built."),
        stop("layer-open", "Look inside a layer", "Open any layer's cell to see its gates."),
    )),
    Step("train", "Train it", """
**Your action: press ▶ Train.**

Watch the loss fall on the left while the guesses on the right move onto the wave, first
near the dotted line, later further along. Change things while it trains:
- a **learning rate** of 1 or 3: too large a nudge. What does the loss do?
- **noise** on the input: the network must see through it.
- **Step** trains exactly one batch; **↺ Reset** starts again from the same random weights.

Nothing you change here resets the network. A snapshot is kept every 25 steps: **go back**
to one below and train again from there.
""", view=views.train_view, tour=(
        stop("tour-train", "Start training", "Press ▶ Train. The network trains on the server, live.", wait=True),
        stop("live-loss", "The loss", "Every point is one training step of your network. Lower is better."),
        stop("tour-settings", "Change it while it trains", "A new learning rate, batch size or noise applies "
             "at the next step; the network keeps its weights."),
        stop("tour-snapshots", "Go back in time", "A snapshot is kept every 25 steps; go back to one and "
             "train again from there."),
    )),
    Step("cell", "Into the cell", """
Inside each recurrent layer works an **LSTM cell**: the same cell at every time step.

**Your action: press ▶ Play** and follow one time step through it: receive the input, compute
the gates, update the cell state, output.

Then press **Show values**: the numbers are the live model's, for one unit at the time
step marked on the input below. Each part's **i** shows its equation, a gate's with these
numbers. Not trained yet? **Load a trained model** trains yours 200 steps now, on this wave.
""", view=views.cell_view, tour=(
        stop("tour-load-trained", "Load a trained model", "An untrained cell's gates are random. Press this "
             "to train your network 200 steps on the chosen wave now, on the server, from its fixed seed "
             "(learning rate 0.01): then the gate values mean something.", wait=True),
        stop("cell-play", "Play one time step", "Press ▶ Play: the highlighted part is the one computing now.",
             wait=True),
        stop("show-values", "The live numbers", "Press Show values to put the model's own numbers on the cell.",
             wait=True),
        stop("lstm-cell", "Read the cell", "Each number is one unit of the live model at the time step marked "
             "below. The i buttons under it give each gate's equation with these numbers."),
    )),
    Step("check", "Check your understanding", """
Answer from what you saw. Go back and look again if you are not sure: your networks keep
their state. Then recall each key term before you open it.
""", checks=checks.CORE, review_terms=True, tour=(
        stop("check-option", "Answer a question", "Pick the answer you think is right: the feedback says why "
             "it is right or wrong, and you may try again.", wait=True),
        stop("glossary-open", "The key terms", "Below the questions, recall each term before you open it. "
             "The same terms are in the glossary, here on every step."),
    )),
    Step("gates", "Gates over time", """
Every gate of every unit at every time step of the input, as heatmaps: time runs left to
right, one row per unit. Bright gates are open.

**Your action: find a unit whose forget gate stays bright**, and look at its cell-state row.
Train on step 3 and come back: the pattern changes as the network learns.
""", view=views.gates_over_time_view, checks=checks.GATES_OVER_TIME, deeper=True, tour=(
        stop("gate-heatmaps", "Gates over time", "One row per unit, one column per time step. Bright gates are "
             "open; the cell state is blue below zero and red above."),
    )),
    Step("bptt", "Backpropagation through time", """
Training sends the error back through every time step. How much of it reaches the early
steps decides how far back a network can learn.

**Your action: press ▶ Train all** to train an LSTM and a vanilla RNN side by side, and watch
how much gradient reaches each earlier time step.
""", view=views.bptt_view, checks=checks.BPTT, deeper=True, tour=(
        stop("group-train", "Train both", "Press ▶ Train all: an LSTM and a vanilla RNN learn side by side.",
             wait=True),
        stop("bptt-plot", "The gradient, step by step back", "Right is the last time step; each step left is "
             "one step further back in time. The axis is logarithmic."),
    )),
    Step("surgery", "Gate surgery", """
Our LSTM is our own code, so its gates can be fixed to a constant. Pin one and retrain to
see what that gate is for.

**Your action: pick a gate to pin, then press ▶ Train all** and compare the two curves.
Try each choice: which gate can the network do without, and which not at all?
""", view=views.surgery_view, checks=checks.SURGERY, deeper=True, tour=(
        stop("pin-choice", "Pick a gate", "Fix one gate to a constant: the pinned cell is built again."),
        stop("group-train", "Retrain", "Press ▶ Train all and compare the two loss curves.", wait=True),
    )),
    Step("cells", "Cells compared", """
A vanilla RNN, a GRU and an LSTM learn the same wave at once, from the same settings.

**Your action: press ▶ Train all** and compare how fast and how far each loss falls.
""", view=views.compare_view, checks=checks.COMPARE, deeper=True, tour=(
        stop("group-train", "Train all three", "Press ▶ Train all: three cells, one task, the same settings.",
             wait=True),
    )),
    Step("text", "Text, one character at a time", """
An LSTM with 32 units reads text one character at a time and guesses the next one. Then it
writes on its own: each guess is fed back in, like the wave's continuation.

**Your action: press ▶ Train** and watch what it writes, first on "ababab…", then on a
paragraph. The colours show one unit's **cell state** after each character: look for a
unit that changes with the pattern. The **temperature** changes only how it picks
characters: low picks the likeliest, high explores.
""", view=views.text_view, checks=checks.TEXT, deeper=True, tour=(
        stop("corpus-choice", "Pick a text", "Start with ababab…: the simplest memory task there is."),
        stop("tour-train", "Train", "Press ▶ Train.", wait=True),
        stop("char-strip", "What it writes", "Each character is coloured by one unit's cell state after it."),
    )),
)

LESSON = Lesson(
    path="/rnn",
    title="Recurrent networks and the LSTM cell",
    summary="Watch an LSTM learn to continue a wave, live, then open one cell and step through its gates.",
    minutes=20,
    thumbnail="rnn.svg",
    intro=text.INTRO,
    steps=tuple(as_step(s) for s in STEPS),
    terms=text.TERMS,
    session=RnnSession,
)
