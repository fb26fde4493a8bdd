"""The tuning lesson: its steps, checks and key terms. The experiments live in session.py."""
import panel as pn

from widgets.course.check_question import Check
from widgets.course.info import Info
from widgets.course.legacy_step import StepSpec as Step, as_step
from widgets.course.lesson_page import Lesson
from widgets.course.tour import stop

from engine.sweep import OVERFIT

from .session import CHALLENGE_ACC, CHALLENGE_SECONDS, GOAL_ACC, GOAL_ZERO, TuningSession

INTRO = """
Training a network means choosing **hyperparameters**: how big each step is, how many examples
per step, how big the network is, what else the loss should care about. Here a small network
learns to read **handwritten digits** (8×8 pixels) on this server while you steer it.

**You will learn** to read what each knob does from the curves it moves, when an effect is due
and how to undo it, and how to weigh quality against cost, also against what your classmates
chose. **About 25 minutes;** steps marked *deeper* are optional.

**How to use it:** each step has one thing to do, in **bold**, with at most two graphs to
watch. Move with **Next** and **Back** (or ← →). Every run you finish is kept on this server,
without your name, so the class can compare.
"""

LOSS_INFO = dict(title="What the loss measures", body=r"""
The **cross-entropy** of the network's guess: $-\log p$ of the probability it gave the right
digit, averaged over the batch. A network that guesses at random among 10 digits scores
$\log 10 \approx 2.3$; a perfect one 0. The axis is logarithmic: each grid line is 10× less.
""")

L1_INFO = dict(title="The penalty", body=r"""
The loss is now $L = \text{cross-entropy} + \lambda \sum_i |w_i|$. The gradient of $|w_i|$ is
$\pm 1$, so each step pulls every weight towards zero by $\text{lr}\cdot\lambda$, whatever its size;
weights the digits need are pushed back by the cross-entropy, the others reach zero and stay
near it. "Near zero" here means $|w| < 0.01$. A sparse network is cheaper to store and run.
""")


def placed(check: Check, position: int) -> Check:
    """The same check with its right answer moved to `position`, so the right one is not always first."""
    order = [i for i in range(len(check.options)) if i != check.answer]
    order.insert(position, check.answer)
    return Check(check.question, tuple(check.options[i] for i in order), position,
                 tuple(check.feedback[i] for i in order))


def step_lr(s: TuningSession):
    return pn.Column(s.lr.view(), Info(**LOSS_INFO), sizing_mode="stretch_width")


def step_l1(s: TuningSession):
    return pn.Column(s.l1.view(), Info(**L1_INFO), sizing_mode="stretch_width")


def step_side_by_side(s: TuningSession):
    c = s.comparison("compare", variables=["lr", "optimizer", "l1", "width", "depth"], default="lr", n=3)
    return c.view(s.identity.widget())


def step_batch(s: TuningSession):
    c = s.comparison("batch", variables=["batch_size", "noise"], measure="loss", x="seconds", n=3,
                     base={"lr": 0.003}, max_steps=300, speed=0.0)
    return c.view(s.identity.widget())


def step_capacity(s: TuningSession):
    c = s.comparison("capacity", variables=["width", "weight_decay", "dropout", "n_train"], measure="gap",
                     base=OVERFIT, default="width", n=3, speed=60.0)
    return pn.Tabs(("One run, drawn", s.capacity.view()), ("Runs side by side", c.view(s.identity.widget())),
                   dynamic=True, sizing_mode="stretch_width")


def step_map(s: TuningSession):
    s.tradeoff.load()
    return s.tradeoff.view(s.identity.widget())


def step_choices(s: TuningSession):
    s.choices.load()
    return s.choices.view(s.identity.widget())


def step_challenge(s: TuningSession):
    return s.challenge.view(s.identity.widget())


STEPS = (
    Step("lr", "One knob, one graph: the learning rate", """
The **learning rate** sets how far each training step moves the weights. The knob sits next to
the one graph it moves: the training loss.

**Your action: press ▶ Train, then try the extremes.** Set the rate to **0.0001**: watch the
slope. Then to **30** or **100**: watch the height. Then back to **0.01**.

- **When it shows:** at once. A new rate acts from the next step; a red dashed line marks the
  step where it started.
- **Can it be undone?** Not by moving the knob back: the weights the big steps wrecked stay
  wrecked. **⟲ Rewind** puts back the weights as they were at a snapshot, exactly.
- If the loss stops being a number (**NaN**, "not a number": the weights overflowed), the run
  stops itself and says so. Rewind, lower the rate, train on.
""", view=step_lr, tour=(
        stop("tour-train", "Start training", "Press ▶ Train: a small network learns the digits on the server, live.",
             wait=True),
        stop("knob-lr", "The one knob", "Move the learning rate while it trains: the extremes first."),
        stop("series-graph", "Its one graph", "The training loss. A red dashed line marks each change of the rate."),
        stop("rewind-button", "Undo", "Rewind puts the weights back as they were at a snapshot."),
    ), checks=(
        placed(Check("What did the loss curve do right after you set the learning rate to 30 or 100?",
              ("It jumped up by orders of magnitude (at 100 it soon became NaN and the run stopped)",
               "It fell faster than before",
               "Nothing changed for a few hundred steps"),
              0,
              ("Each step overshoots so far that the loss climbs. The curve changed at the red line, right "
               "after the change: the learning rate acts at the very next step.",
               "Look again at the steps right after the red dashed line: a rate that large overshoots.",
               "The learning rate scales the very next step, so the change shows at once; look just right "
               "of the red dashed line.")), 1),
        placed(Check("After a blow-up you set the rate back to 0.01. What did the loss do?",
              ("It stayed high or recovered only slowly: the damage stayed in the weights",
               "It dropped straight back to where it was before the blow-up",
               "The run restarted from the beginning"),
              0,
              ("The knob changes future steps only; the weights the big steps wrecked stay as they are. "
               "Only a rewind to a snapshot puts them back.",
               "Try it: moving the knob back does not restore the weights. Rewind does.",
               "Nothing restarts by itself: only ↺ Reset starts again, and ⟲ Rewind goes back to a snapshot.")), 2),
    )),
    Step("l1", "A trade-off: the L1 weight λ", f"""
The loss can care about more than right answers. Here it adds **λ · Σ|w|**: the larger λ, the
harder every weight is pulled to zero. A sparse network is smaller, but it may read the digits
worse. The knob λ sits next to exactly two graphs: **validation accuracy** and the **share of
weights near zero**.

**Your goal: make at least {GOAL_ZERO:.0%} of the weights near zero and keep {GOAL_ACC:.0%}
validation accuracy.** Press ▶ Train, then raise λ one notch at a time and give each setting
time.

- **When it shows:** *not* at once: the note beside the knob says how many steps a change needs.
- **Can it be undone?** Setting λ back to 0 does not bring the weights back; ⟲ Rewind does.

Watch the graphs, not only the goal: the questions below ask what you saw.
""", view=step_l1, tour=(
        stop("tour-train", "Start training", "Press ▶ Train first.", wait=True),
        stop("knob-l1", "The knob λ", "Raise λ one notch at a time; its note says how long an effect takes."),
        stop("series-graph", "Its two graphs", "Validation accuracy and the share of weights near zero: watch "
             "both after each change."),
    ), checks=(
        placed(Check("Right after you raised λ, what did the share of weights near zero do?",
              ("It climbed over many steps, not at once",
               "It jumped to its new level at the very next step",
               "It did not move until the accuracy had dropped"),
              0,
              ("Each step pulls a weight only lr·λ towards zero, so it takes many steps: the effect is due, "
               "not missing. That is why the page says how long to wait.",
               "Look again after a change: the curve bends at the red line but takes many steps to settle.",
               "Both move over the same time; the sparsity usually moves first and clearly.")), 2),
        placed(Check("With a large λ (0.01 or more) what happened to the validation accuracy?",
              ("It fell: too many weights the digits needed were pulled to zero",
               "It rose, because a smaller network cannot over-fit",
               "It stayed the same: sparsity costs nothing"),
              0,
              ("That is the trade-off: past some λ the network loses weights it needs. The goal asks for the "
               "λ where both are good enough.",
               "A little sparsity can help, but a large λ removes weights the digits need; look at the left "
               "graph after a large λ.",
               "Look at the left graph after a large λ: sparsity has a price.")), 0),
        placed(Check("You set λ back to 0. Why did the weights not come back?",
              ("Moving λ changes only the future steps; the zeroed weights must be relearned",
               "λ = 0 is not allowed, so the knob was ignored",
               "The weights did come back at once"),
              0,
              ("Right: a knob steers the next steps, it does not store the past. Rewind restores a snapshot.",
               "λ = 0 is allowed (no penalty); the weights stay near zero because nothing pushes them back fast.",
               "Look at the right graph after setting λ to 0: the share falls only slowly, as the weights "
               "are relearned.")), 1),
    )),
    Step("compare", "Side by side", """
One run shows what happened; **runs side by side** show what a setting *does*. Here 2 to 6 runs
start from the **same random weights** (the same seed) and see the same batches; they differ in
**exactly one setting**. Each keeps its colour in the chart and the table.

**Your action: pick what to vary and how many runs, then press ▶ Launch runs.** Compare the
curves: which setting learns fastest? Which ends best? Which is slowest in time (table)?

Each finished run is kept for the class's map (step 6).
""", view=step_side_by_side, tour=(
        stop("compare-vary", "One setting to vary", "Pick the setting the runs differ in; all else stays equal."),
        stop("compare-launch", "Launch them", "Press it: the runs train at once, on the same seed.", wait=True),
        stop("run-comparison", "The curves overlaid", "One colour a run; the table below gives each run's "
             "quality and time."),
    )),
    Step("batch", "Batch size and noise: quality and its cost", """
A bigger **batch** averages the gradient over more examples: the curve is smoother, but each
step costs more time. Here the x axis is **training time**, so cost sits next to quality.

**Your action: launch batch sizes 4, 256 and 2048.** Which curve is noisiest? Which reaches a
low loss first *in seconds*? Then vary **label noise**: some training labels are wrong. What
happens to the loss floor?
""", view=step_batch, deeper=True, tour=(
        stop("batch-vary", "Batch size or noise", "Pick what the runs differ in."),
        stop("batch-launch", "Launch them", "The curves are drawn against seconds: the cost is on the axis.",
             wait=True),
    )),
    Step("capacity", "Capacity and over-fitting", f"""
A network with many weights and few examples can **memorise** them: its training accuracy
reaches 100% while its validation accuracy stays lower. The difference is the
**generalisation gap**. Here a network of width {OVERFIT['width']} (two hidden layers) sees only
**{OVERFIT['n_train']} noisy points** of two interleaved moons; 400 others are kept for validation.
The colour is the class it would guess at each place, white where it is unsure.

**Your action: press ▶ Train and watch the boundary bend around single points** while the gap
(right) grows. Then set **weight decay** to 0.01 and train again from ↺ Reset: what do the
boundary and the gap do? Try width 4 and dropout too.

In the second tab the same comparison runs side by side; the table gives each run's price in
validation accuracy.
""", view=step_capacity, deeper=True, tour=(
        stop("tour-train", "Train the wide network", "Press ▶ Train: 600 steps on 40 points.", wait=True),
        stop("decision-boundary", "Its boundary", "The colour is the class it would guess at each place."),
        stop("cap-width", "Fewer units", "A narrower network starts a fresh run: does it still memorise?"),
    ), checks=(
        placed(Check("With width 256 and no weight decay, what did the boundary and the gap do?",
              ("The boundary curled around single training points and the gap grew past 10 points",
               "The boundary stayed a smooth curve and the gap stayed near 0",
               "The training accuracy stayed below the validation accuracy"),
              0,
              ("That is memorising: 100% of the 40 training points right, far fewer of the new ones.",
               "Train it longer: by the end the wide net bends the boundary to reach every training point.",
               "Look at the readout above the plots: the training accuracy ends at 100%.")), 1),
        placed(Check("What did weight decay 0.01 do?",
              ("The gap nearly closed: the training accuracy came down near the validation accuracy",
               "The gap grew: the network memorised faster",
               "Nothing: weight decay only acts on the biases"),
              0,
              ("Weight decay shrinks every weight a little each step, so the net cannot build the sharp bends "
               "that memorising needs; the boundary stays smoother.",
               "Compare the gap curves with and without it: weight decay shrinks it.",
               "Weight decay shrinks every weight; compare the gap with and without it.")), 0),
    )),
    Step("map", "The trade-off map", """
Every finished run of the class is a point: **validation accuracy** up, **cost** to the right
(training time, or parameters). The orange line is the **Pareto front**: the runs no other run
beats on both. A run below the front wasted something.

**Your action: click points on and below the front** and compare their settings. Which setting
do runs on the front share? Delete your own runs you do not want in the class's map; tick
"only my runs" to hide the others.
""", view=step_map, tour=(
        stop("tradeoff-map", "The class's runs", "Each point is a finished run; click one for its settings and "
             "curves.", wait=True),
        stop("run-details", "That run", "Its settings and its curves, as stored on this server."),
    )),
    Step("class", "What others chose", """
For each knob, how many runs of the class used each value, **your** latest choice in blue.
Common choices are not always the best ones: compare the distribution with the high scores.
All numbers come from runs stored on this server; with too few runs the page says so.

**Your action: pick a knob.** Is your choice common or rare? Is the common choice on the map's
front?
""", view=step_choices, deeper=True, tour=(
        stop("choices-knob", "Pick a knob", "See which values the class chose for it."),
        stop("class-distribution", "The class's choices", "Your own choice is marked."),
        stop("high-scores", "The high scores", "The challenge's best attempts, without names."),
    )),
    Step("challenge", "A challenge", f"""
**Reach at least {CHALLENGE_ACC:.0%} validation accuracy within {CHALLENGE_SECONDS:g} s of
training time.** Set the knobs, press ▶ Start an attempt; the engine stops the run after
{CHALLENGE_SECONDS:g} s of training and stores it. See where your attempt lands in the class,
then try again: use what the map and the side-by-side runs showed you.
""", view=step_challenge, tour=(
        stop("challenge-go", "Start an attempt", "Choose settings, then press it: the engine stops the run at the "
             "time limit.", wait=True),
        stop("challenge-result", "Where it lands", "Your attempt among the class's."),
    )),
    Step("check", "Check your understanding", """
Answer from what you saw. Go back and try again if you are not sure: your runs are still there.
""", checks=(
        placed(Check("You make the batch 8 times larger and keep the number of steps. What happens to the curve?",
              ("It gets smoother, and each step takes longer",
               "It gets noisier, and each step is faster",
               "Nothing: the batch size only changes the memory used"),
              0,
              ("The gradient is averaged over 8x more examples, so it varies less from step to step; computing "
               "it costs more time per step. Plot it against time to see the price.",
               "It is the other way round: fewer examples per step make a noisier curve and faster steps.",
               "The batch size changes the gradient's noise and the cost of a step: look at step 4 again.")), 2),
        placed(Check("Runs A and B: A has 99% training and 86% validation accuracy, B has 93% and 92%. Which over-fits?",
              ("A: its gap (13 points) is far larger than B's (1 point)",
               "B: its training accuracy is lower",
               "Neither: both validation accuracies are high"),
              0,
              ("Over-fitting shows as a gap: A learned its training examples much better than new ones.",
               "A lower training accuracy with a small gap is not over-fitting; it may be under-fitting.",
               "Over-fitting is about the gap between training and validation, not the level.")), 1),
        placed(Check("Why did moving λ back to 0 not undo the sparsity?",
              ("A knob acts on the steps to come; the weights already pulled to zero stay until relearned",
               "The server ignores a λ of 0",
               "Sparsity can never be undone, not even by a rewind"),
              0,
              ("Right. Rewind to a snapshot is the undo: it restores the weights exactly.",
               "λ = 0 is applied at the next step; it only stops the pull, it does not push weights back.",
               "A rewind restores the weights bitwise, sparsity included.")), 0),
        placed(Check("A point lies below the Pareto front. What does that say about its run?",
              ("Some other run was both at least as accurate and at least as cheap",
               "It is the most accurate run",
               "It diverged"),
              0,
              ("That is what below the front means: its settings wasted time (or parameters) for its accuracy.",
               "The most accurate run is always on the front, at its right end.",
               "A diverged run would sit at low accuracy, but being below the front only means another run "
               "beat it on both axes.")), 2),
    ), review_terms=True),
)

TERMS = {
    "Hyperparameter": "A setting chosen by you, not learned: learning rate, batch size, width, λ, ...",
    "Learning rate": "How far each step moves the weights. Too small crawls; too large overshoots and the loss "
                     "jumps, or becomes NaN.",
    "NaN": "'Not a number': what the loss becomes when the weights overflow. The run stops; rewind and lower "
           "the rate.",
    "Snapshot and rewind": "A copy of the weights and the optimiser's state at a step; rewinding restores it "
                           "exactly. Moving a knob back does not.",
    "L1 penalty": "λ·Σ|w| added to the loss: pulls every weight towards zero, making the network sparse.",
    "Sparsity": "The share of weights that are (near) zero.",
    "Batch size": "How many examples one step averages over: larger is smoother and costs more per step.",
    "Generalisation gap": "Training accuracy minus validation accuracy: large when the network memorises.",
    "Over-fitting": "Learning the training examples rather than the pattern: the gap grows.",
    "Weight decay and dropout": "Two ways to close the gap: shrink every weight a little each step, or "
                                "switch random units off while training.",
    "Pareto front": "The runs no other run beats on both quality and cost.",
    "Validation set": "Examples never trained on, kept aside to measure how well the network generalises.",
}

LESSON = Lesson(
    path="/tuning",
    title="Tuning: knobs, trade-offs and the class's runs",
    summary="Steer a live network with paired knobs and graphs, compare runs side by side, find the trade-off.",
    minutes=25,
    thumbnail="tuning.svg",
    intro=INTRO,
    steps=tuple(as_step(s) for s in STEPS),
    terms=TERMS,
    session=TuningSession,
)
