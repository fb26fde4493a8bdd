"""The RNN lesson's own words that are not a step's: the introduction and the key terms."""
from .spoken import said

INTRO = """
A **recurrent network** reads a sequence one value at a time and keeps a memory of what it
has read. Here small networks learn to continue a wave, live, on this server, while you watch.

**You will learn** why a sequence needs memory, how a recurrent network trains, and what
happens inside one **LSTM** cell: its gates, read from the live model.
**Core path: 5 steps, about 20 minutes.** Steps marked *deeper* are optional.

**How to use it:** each step has one thing to do, written in **bold**. Move with **Next** and
**Back** (or the ← → keys), or jump with the step list. The address bar keeps your step, so
you can share it. Buttons marked **i** open details; **Glossary** has every term.
"""

TERMS = {term: said(meaning) for term, meaning in {
    "Recurrent network": "A network that reads a sequence one step at a time and passes a hidden state "
                         "from each step to the next, so its output can depend on everything read so far.",
    "Hidden state": "The vector $h_t$ a recurrent network carries from one time step to the next: its memory.",
    "Feed-forward network": "A network without a loop: its output depends only on its current input.",
    "LSTM": "Long short-term memory: a recurrent cell with a cell state and gates that decide what to forget, "
            "what to write and what to show.",
    "Cell state": r"The LSTM's long-term memory $c_t = f \cdot c_{t-1} + i \cdot g$, updated by addition.",
    "Forget gate": "$f_t$, between 0 and 1: the share of the old cell state kept.",
    "Input gate": "$i_t$, between 0 and 1: the share of the candidate written into the cell state.",
    "Output gate": r"$o_t$, between 0 and 1: the share of $\tanh(c_t)$ shown as the hidden state.",
    "Loss": "One number that says how wrong the guesses are; here the mean squared error. Training lowers it.",
    "Training step": "One batch in (forward), the loss measured (error), the gradient computed (backward), "
                     "every weight nudged against it (update).",
    "Learning rate": "How far each training step moves the weights. Too small crawls; too large overshoots.",
    "Backpropagation through time": "The backward pass of a recurrent network, unrolled over its time steps: "
                                    "the gradient flows from later steps back to earlier ones.",
    "Vanishing gradient": "A gradient that shrinks with every step back in time, so early inputs hardly "
                          "change the weights.",
    "Snapshot": "The weights and optimiser state kept at one training step, to go back to later.",
}.items()}
