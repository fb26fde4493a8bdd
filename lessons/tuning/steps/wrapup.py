"""Step 'wrapup': what the student did, the one idea to keep, and where to go next."""
from widgets.course.step import WrapUpStep

from ..spoken import said


class WrapUp(WrapUpStep):
    title = "Wrap-up: reading a knob"
    text = said("""
**What you did.** You moved one knob at a time while a network trained and watched the one
graph it moves: the learning rate (too small: a slow slope; too large: a jump, even NaN),
then λ, a trade-off between sparsity and accuracy that shows only after many steps. You
launched runs that differ in exactly one setting, placed them on the class's trade-off map,
and spent a fixed budget of training steps in the challenge.

**The idea to keep.** For every knob ask three things: *what does it move, when does it show,
and can it be undone?* Some act at once (the learning rate), some only after many steps (λ);
moving a knob back does not undo what it did to the weights, and a snapshot does. One run
shows what happened; runs that differ in one setting, from the same seed, show what the
setting *does*. And there is rarely one best setting: the runs on the Pareto front are the ones
no other run beats in both accuracy and cost.

**The words**: hyperparameter, learning rate, NaN, snapshot and rewind, L1 penalty, sparsity,
batch size, generalisation gap, over-fitting, weight decay and dropout, Pareto front,
validation set. Each is in the **Glossary** (top right); the review in the step before this asks
you to recall them.

**Where next.** [Convolutional networks](/cnn) opens a network that reads images,
layer by layer; [Recurrent networks](/rnn) trains an LSTM live and opens its gates.
""")
