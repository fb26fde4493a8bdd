"""The CNN lesson's introduction and key terms."""

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
