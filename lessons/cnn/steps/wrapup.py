"""Step 'wrapup': what the student did, the one idea to keep, and where to go next."""
from widgets.course.step import WrapUpStep

from ..spoken import said


class WrapUp(WrapUpStep):
    title = "Wrap-up: how a network reads an image"
    text = said("""
**What you did.** You gave a live network an image and followed it through every layer:
you computed one convolution cell from its window, kernel and bias (the number PyTorch
computes), saw ReLU drop the negatives and max pooling keep the strongest cell of each block,
and read the softmax's probabilities. Then you trained the network from fresh weights,
looked at the images it still got wrong, and, on the digits, drew one of your own.

**The idea to keep.** A convolution slides *one small kernel* over the whole image: the same
few weights are reused at every position, so a pattern (a stroke, an edge) is found wherever
it is. Each layer's maps say where its patterns are; ReLU and pooling keep the strong answers
and shrink the maps, so the next layer's kernels see larger parts of the image. The last
layer's numbers (logits) become probabilities by softmax. Training changes only the
kernels and the final weights: what the filters look for is learned, not written by anyone.

**The words**: convolution, kernel (filter), feature map, channel, padding, stride, ReLU,
max pooling, logits, softmax, validation accuracy, confusion matrix. Each is in the
**Glossary** (top right); the review in the step before this asks you to recall them.

**Where next.** [Tuning](/tuning) shows how the learning rate, batch size and network size
decide how well and how fast such a network learns. [Recurrent networks](/rnn) reuses weights
over time instead of over space.
""")
