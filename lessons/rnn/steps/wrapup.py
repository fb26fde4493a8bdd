"""Step 'wrapup': what the student did, the one idea to keep, and where to go next."""
from widgets.course.step import WrapUpStep

from ..spoken import said


class WrapUp(WrapUpStep):
    title = "Wrap-up: what memory buys"
    text = said("""
**What you did.** You trained a network without memory and an LSTM on the same wave and saw
only the LSTM continue it; you followed one training step through the network; you opened an
LSTM cell and read its gates from your own model; and, if you took the deeper steps, you
watched the gradient fade through time, broke a gate on purpose and raced three cells on the echo.

**The idea to keep.** A recurrent network is as good as what its state carries from step to
step. The LSTM's cell state is updated by *addition*, gated by $f$, $i$ and $o$: the forget gate
decides what survives, so a cue can still be there 20 steps later, and its gradient can still
reach back to it. A vanilla RNN multiplies its state by the same weights at every step, and
both the memory and the gradient fade.

**The words**: hidden state, cell state, forget / input / output gate, loss, training step,
learning rate, backpropagation through time, vanishing gradient. Each is in the **Glossary**
(top right); the review on step 5 asks you to recall them.

**Where next.** [Convolutional networks](/cnn) follows a kernel across an image, the same
weights reused over space as the LSTM reuses them over time. [Tuning](/tuning) trades learning
rate against batch size on models that train while you watch.
""")
