"""The tuning lesson's introduction and key terms."""

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
