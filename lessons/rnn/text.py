"""The RNN lesson's words: introduction, details on demand, headings and key terms."""

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

MEMORY_INFO = dict(title="Why the feed-forward network cannot do it", body="""
The feed-forward network sees only the current value $x_t$. On a sine, the value 0 comes
once on the way up and once on the way down: the same input, two different next values. The
best it can do is guess their average. The LSTM carries a **hidden state** from step to step,
so it knows which way the wave was going.
""")

DIAGRAM_INFO = dict(title="How to read the diagram", body="""
Left to right: the input, each recurrent layer, the dense layer that turns the last hidden
state into one number, the prediction. **Colour** tells the layer type (legend below it);
**height** tells how many units it has. The loop on a recurrent layer is its hidden state,
fed back in at the next time step. The same drawing grammar is used in every lesson.
""")

LOSS_INFO = dict(title="What the loss measures", body=r"""
The **mean squared error** between the guesses $\hat{x}_{t+1}$ and the true next values
$x_{t+1}$, averaged over the $T$ time steps of a batch of $B$ windows:

$$L = \frac{1}{BT} \sum_{b=1}^{B} \sum_{t=1}^{T} \left(\hat{x}^{(b)}_{t+1} - x^{(b)}_{t+1}\right)^2$$

Each **training step** computes it on a fresh batch, then moves every weight a little against
its gradient; the **learning rate** sets how far. The axis is logarithmic: each grid line down
is ten times less error.
""")

BPTT_INFO = dict(title="What the curve shows", body=r"""
For the error at the last time step $T$, the size of its gradient with respect to each
earlier hidden state, $\lVert \partial L_T / \partial h_t \rVert$, divided by the value at $t = T$.
Backpropagation through time multiplies one factor per step back; when these factors are
below 1 the gradient **vanishes** and early inputs barely teach the network. The LSTM's
cell state, updated by addition, gives the gradient a path that can keep more of it, if
the forget gates learn to stay open; on a task that needs only a short memory, like this
wave, they need not, and both curves can fall alike. The curves are measured, not drawn.
""")

GATE_MEANING = {
    "f": "The **forget gate** scales the old cell state: 1 keeps it, 0 erases it.",
    "i": "The **input gate** scales how much of the candidate is written into the cell state.",
    "g": "The **candidate** is the new content the cell could write, between -1 and 1.",
    "o": "The **output gate** scales how much of the cell state the cell shows as $h_t$.",
}

CELL_PART_INFO = (
    dict(title="input x_t", body=r"""The value the cell reads at time step $t$: the wave's sample for the
first layer, the layer below's hidden state $h_t$ for a higher layer."""),
    dict(title="cell state (c)", body=r"""The cell's long-term memory, updated by addition:
$$c_t = f_t \odot c_{t-1} + i_t \odot g_t$$
($\odot$: unit by unit). Because the old state is scaled, not squashed, it can carry
information over many time steps."""),
    dict(title="hidden state (h)", body=r"""What the cell shows to the next layer, to the head and to itself
at the next time step: $$h_t = o_t \odot \tanh(c_t)$$ always between -1 and 1."""),
)

HEATMAP_TITLES = {"i": "input gate i (0 to 1)", "f": "forget gate f (0 to 1)",
                  "o": "output gate o (0 to 1)", "c": "cell state c (signed, 0 = white)"}

TERMS = {
    "Recurrent network": "A network that reads a sequence one step at a time and passes a hidden state "
                         "from each step to the next, so its output can depend on everything read so far.",
    "Hidden state": "The vector $h_t$ a recurrent network carries from one time step to the next: its memory.",
    "Feed-forward network": "A network without a loop: its output depends only on its current input.",
    "LSTM": "Long short-term memory: a recurrent cell with a cell state and gates that decide what to forget, "
            "what to write and what to show.",
    "Cell state": "The LSTM's long-term memory $c_t = f \\cdot c_{t-1} + i \\cdot g$, updated by addition.",
    "Forget gate": "$f_t$, between 0 and 1: the share of the old cell state kept.",
    "Input gate": "$i_t$, between 0 and 1: the share of the candidate written into the cell state.",
    "Output gate": "$o_t$, between 0 and 1: the share of $\\tanh(c_t)$ shown as the hidden state.",
    "Loss": "One number that says how wrong the guesses are; here the mean squared error. Training lowers it.",
    "Training step": "One batch in (forward), the loss measured (error), the gradient computed (backward), "
                     "every weight nudged against it (update).",
    "Learning rate": "How far each training step moves the weights. Too small crawls; too large overshoots.",
    "Backpropagation through time": "The backward pass of a recurrent network, unrolled over its time steps: "
                                    "the gradient flows from later steps back to earlier ones.",
    "Vanishing gradient": "A gradient that shrinks with every step back in time, so early inputs hardly "
                          "change the weights.",
    "Snapshot": "The weights and optimiser state kept at one training step, to go back to later.",
}
