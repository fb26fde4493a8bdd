"""The CNN lesson: its steps, checks and key terms. The logic lives in engine/ and widgets/."""
from widgets.course.check_question import Check
from widgets.course.legacy_step import StepSpec as Step, as_step
from widgets.course.lesson_page import Lesson
from widgets.course.tour import stop

from .session import CnnSession
from .views import (step_architecture, step_conv, step_data, step_draw, step_mistakes, step_overview,
                    step_pool, step_relu, step_sandbox, step_softmax, step_train)

INTRO = """
A **convolutional network** (CNN) reads an image by sliding small **filters** over it. Here a
small one learns to read handwritten digits (or coloured shapes: your choice), live, on this
server, while you watch.

**You will learn** what every layer of a CNN computes, from the whole network down to one
multiplication: convolution, ReLU, max pooling and softmax, and how its filters change as it
learns. **About 20 minutes.**

**How to use it:** each step has one thing to do, written in **bold**. Move with **Next** and
**Back** (or the ← → keys), or jump with the step list. Steps marked *deeper* are optional.
Every number you see is the live model's. Buttons marked **i** open details.
"""

STEPS = (
    Step("task", "The task: say what an image shows", """
The network gets a small image and must say which **class** it belongs to: a grey
**handwritten digit** (0 to 9), or a **coloured shape** (circle, square, triangle, cross) in
red, green and blue. Choose the images on the right. The network learns from most of them;
the rest (**validation**) it never trains on, so they tell us how well it reads images it has
not seen.

**Your action: click an image** on the right. It becomes *your input*: every following step
shows what the network does with it.
""", view=step_data, tour=(
        stop("data-choice", "Choose the images", "Digits or shapes: a fresh network learns the set you choose."),
        stop("digit-picker", "Pick your input", "Click any image: it becomes the image every step follows.",
             wait=True),
        stop("your-input", "Your input", "What the network reads: 16×16 values from 0 to 1 per channel."),
    )),
    Step("overview", "The whole network at a glance", """
This is the network, left to right. Each column is one **layer**'s output for your input,
and each small square is one **feature map**: what one filter found where.

Two **blocks** each apply *convolution → ReLU → convolution → ReLU → max pooling*: the maps
get more numerous (8, then 16) and smaller (16×16, 8×8, 4×4). The last column turns all of
it into **probabilities**, one per class (ten digits, or four shapes).

The network is untrained, so its maps are noise-like and its probabilities near equal.

**Your action: press "Train 200 batches"** (about a second on this server) and watch the
maps and the probabilities change. Then hover over the maps.
""", view=step_overview, tour=(
        stop("feature-map-grid", "The network, layer by layer", "Each column is one layer's output for your "
             "input; the band's colour gives the layer type. Hover a map to name it, click it to select it."),
        stop("head-start", "Train it", "Press it: 200 batches of training take about a second here.", wait=True),
        stop("info-toggle", "Details on demand", "Every (i) opens the explanation and formula of what is next to it."),
    )),
    Step("conv", "Convolution, one output cell at a time", """
**Click a map in a convolution column** (green band) to open its explanation below.

A **kernel** (a small grid of weights, here 3×3) sits on a **window** of the input. The
window's values are multiplied by the kernel's, cell by cell (**products**), and added up.
For an input with several channels there is one kernel per channel: their sums are added,
plus one **bias**, and that number is one cell of the output map. Then the kernel moves one
cell on and does it again.

**Press ▶** to watch the kernel slide, or step with ◀ ▶. The numbers are the live model's:
they equal what PyTorch's `conv2d` computes.
""", view=step_conv, tour=(
        stop("feature-map-grid", "Pick a convolution map", "Click any map under a green band.", wait=True),
        stop("conv-player", "Slide the kernel", "▶ plays, ◀ ▶ step one output cell at a time."),
        stop("conv-sums", "The sum", "Products summed per input channel, plus the bias: one output cell."),
    )),
    Step("relu", "ReLU: keep the positives", """
After every convolution comes a **ReLU**: every negative value becomes 0, every positive
value stays. Without it, two convolutions in a row would be no more powerful than one.

**Click a map in a ReLU column** (purple band). The outlined cells on the left are negative;
on the right they are 0. Even a tiny negative such as −2e-05 counts: the numbers are printed
with significant digits, so a negative always shows its minus sign.
""", view=step_relu, tour=(
        stop("feature-map-grid", "Pick a ReLU map", "Click any map under a purple band.", wait=True),
        stop("relu-view", "Before and after", "Outlined cells were negative; after ReLU they are 0."),
    )),
    Step("pool", "Max pooling: a smaller map", """
**Click a map in a pooling column** (orange band) and press ▶.

**Max pooling** looks at each 2×2 window and keeps only its largest value (dashed outline).
The map becomes half as wide and half as high: the next layer sees a coarser picture, and a
feature that moves by one pixel often still gives the same output.
""", view=step_pool, tour=(
        stop("feature-map-grid", "Pick a pooling map", "Click any map under an orange band.", wait=True),
        stop("pool-player", "Step through the windows", "Each 2×2 window keeps its largest value."),
    )),
    Step("softmax", "From maps to probabilities: softmax", """
The last maps are **flattened** into one long list of numbers; a **linear layer** multiplies
it by a weight matrix and adds a bias, giving one score per class: the **logits** z.

**Softmax** turns the logits into probabilities: take e to the power of each logit, then
divide by their sum. Every result lies between 0 and 1, they add up to 1, and the largest
logit gets the largest probability.

**Click the softmax column** and compare the table with the formula: it holds your input's
actual numbers.
""", view=step_softmax, tour=(
        stop("softmax-formula", "The formula, with your numbers", "exp of each logit over the sum of all of them."),
    )),
    Step("sandbox", "Sandbox: kernel size, padding, stride", """
Four numbers decide a convolution's output size: the input size **W**, the kernel size
**K**, the zero **padding** P added around the input, and the **stride** S, how many cells
the kernel moves each time.

**Your action: change the sliders** and watch the formula and the example. Try a stride of 2
on a 7×7 input, then an input smaller than the kernel (W = 2, no padding). The example is
your input, shrunk to W×W, convolved with one of the live network's first-layer filters
(pick which) and its bias: the real numbers, as they are now.
""", view=step_sandbox, deeper=True, tour=(
        stop("sandbox-controls", "The four numbers", "Change W, P and S, and pick one of the live filters."),
        stop("sandbox-formula", "The output size", "Derived with SymPy, your numbers substituted."),
    )),
    Step("learn", "Watch it learn", """
**Press ↺ Reset, then ▶ Train.** The network starts again from random weights and trains at
the speed you choose: 10 **batches** (32 training images each) per second unless you change it, so you can
watch. On this server it could reach 95% in about a second.

Watch the **validation accuracy** rise and the **first-layer filters** change from noise
into strokes and edges. Every 20 batches a **snapshot** is kept: **drag the snapshot
slider** to go back in time; *Rewind* takes the network itself back there.
""", view=step_train, tour=(
        stop("tour-reset", "Start again", "Fresh random weights: the accuracy falls back to about 10%."),
        stop("tour-train", "Train", "Press ▶ Train: the network learns on the server at the speed below.", wait=True),
        stop("tour-settings", "Change it while it trains", "Learning rate, batch size and speed apply at the next step."),
        stop("snapshot-slider", "Go back in time", "Drag to see the filters at any kept snapshot."),
    )),
    Step("mistakes", "Look at the mistakes", """
The **confusion matrix** counts, for every true class (row), what the network said
(column), over the validation images. The diagonal (blue) is right; everything else
(vermillion) is a mistake.

**Click a vermillion cell** to see its images and the network's three most likely answers.
If the matrix is empty of mistakes, reset and train fewer batches. Would you have read
those images right?
""", view=step_mistakes, tour=(
        stop("confusion-grid", "Rows true, columns said", "Click a vermillion cell to see those images.", wait=True),
        stop("confusion-examples", "The mistakes", "Each with the network's three most likely answers."),
    )),
    Step("draw", "Your own input: draw a digit", """
*Handwritten digits only.*

**Draw a digit in the white square** with the mouse (or a finger), then let go. Your drawing
is made into an input the way the training digits were made: its strokes are scaled to fill
32×32 pixels, the pixels counted in 4×4 blocks (8×8 numbers from 0 to 16), and enlarged to
16×16. The live network reads it, and every map and probability on this page is for your
drawing. **Clear** starts again.

Does it read your 7? A network trained on 1438 scans from one set of writers may not read
your hand: that is what validation accuracy cannot tell you. Train more and try again.
Picking a digit in step 1 makes a validation image your input again.
""", view=step_draw, tour=(
        stop("drawing-canvas", "Draw", "Draw a digit with the mouse or a finger, then let go."),
        stop("drawn-result", "What the network says", "Your drawing as the network sees it, and its ten probabilities."),
    )),
    Step("build", "Your own network", """
**Change the architecture and press "Build this network and train it".** Fewer channels,
more blocks, a larger kernel, no padding: every view in this lesson follows the network you
build. The shapes line shows what each layer produces before you build it.

It learns the images chosen in step 1. Some choices do not fit a 16×16 input: the maps shrink to nothing. You get a message instead
of a network.
""", view=step_architecture, deeper=True, tour=(
        stop("arch-blocks", "Shape the network", "Blocks, channels, kernel size, padding: the shapes line follows."),
        stop("build-network", "Build and train it", "A new network replaces the old one and starts training.",
             wait=True),
    )),
    Step("check", "Check your understanding", """
Answer from what you saw. Go back to any step if you are not sure: your network keeps its
place.
""", checks=(
        Check("A 16×16 input, a 3×3 kernel, padding 0, stride 1. How large is the output?",
              ("14×14", "16×16", "13×13"), 0,
              ("(16 − 3 + 2·0) / 1 + 1 = 14: the kernel fits in 14 positions along each side.",
               "That needs padding 1: with no padding the kernel cannot be centred on the edge cells.",
               "Count the positions: the kernel's left edge can start at columns 0 to 13, which is 14 places.")),
        Check("A 7×7 input, a 3×3 kernel, padding 0, stride 2: the kernel's window starts at row 2, "
              "column 4. Which output cell does it produce?",
              ("Row 1, column 2", "Row 2, column 4", "Row 4, column 8"), 0,
              ("With stride 2 the window of output cell (i, j) starts at (2i, 2j); (2, 4) is (1, 2).",
               "That would be stride 1. With stride 2 the window moves two cells per output cell.",
               "That multiplies instead of dividing: the window starts at (S·i, S·j).")),
        Check("Why do many first-layer filters end up looking like a light stripe beside a dark one?",
              ("Such a kernel gives a large sum where the image changes from dark to light: it detects edges "
               "and strokes", "The filters copy parts of the training digits", "Training makes every filter "
               "the same"), 0,
              ("The sum of products is largest where the window matches the kernel's pattern; pen strokes are "
               "edges, so edge detectors help tell digits apart.",
               "A 3×3 filter is far smaller than a digit: it matches a local pattern such as an edge, anywhere.",
               "Different filters detect different patterns; identical filters would waste channels.")),
        Check("A ReLU map shows a cell that was −0.00003 before. What is it after?",
              ("0", "−0.00003", "0.00003"), 0,
              ("Any negative value, however small, becomes 0.",
               "ReLU keeps only positive values: max(0, −0.00003) = 0.",
               "ReLU does not take absolute values; it sets negatives to 0.")),
    ), review_terms=True),
)

TERMS = {
    "Convolution": "Sliding a small kernel over the input; each output cell is the sum of the window's values "
                   "times the kernel's weights, over all input channels, plus a bias.",
    "Kernel (filter)": "The small grid of learned weights a convolution slides over its input. One per "
                       "output channel and input channel.",
    "Feature map": "One output channel of a layer: where in the image its filter found its pattern.",
    "Channel": "One of the stacked maps of a layer: the input has 1, the first block here 8.",
    "Padding": "Zeros added around the input so the kernel can be centred on the edge cells.",
    "Stride": "How many cells the kernel moves between neighbouring output cells.",
    "ReLU": "max(0, v): negatives become 0, positives stay.",
    "Max pooling": "Keeping the largest value of each small window (here 2×2), halving the map's size.",
    "Logits": "The scores the last linear layer gives each class, before softmax.",
    "Softmax": "exp of each logit divided by their sum: probabilities between 0 and 1 that add up to 1.",
    "Validation accuracy": "The share of images never trained on that the network classifies right.",
    "Confusion matrix": "Counts of every (true class, predicted class) pair; the diagonal is right.",
}

LESSON = Lesson(
    path="/cnn",
    title="Convolutional networks: how a network reads an image",
    summary="Watch a small CNN learn digits live, and follow one image through every layer down to one "
            "multiplication.",
    minutes=20,
    thumbnail="cnn.svg",
    intro=INTRO,
    steps=tuple(as_step(s) for s in STEPS),
    terms=TERMS,
    session=CnnSession,
)
