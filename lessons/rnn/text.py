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

# Every part of the drawn cell beside the four gates, keyed by its name in the cell view.
CELL_PART_INFO = {
    "x": dict(title="input x_t", body=r"""The value the cell reads at time step $t$: the wave's sample for the
first layer, the layer below's hidden state for a higher layer. Every gate reads it:
$$z_t = W\, x_t + U\, h_{t-1} + b$$"""),
    "h_prev": dict(title="previous hidden state h_{t-1}", body=r"""What this cell showed at the time step
before, fed back in: the recurrent loop. Every gate reads it beside $x_t$:
$$z_t = W\, x_t + U\, h_{t-1} + b$$ At $t = 0$ it is zero: $h_{-1} = 0$."""),
    "c_prev": dict(title="previous cell state c_{t-1}", body=r"""The memory the cell carried out of the time
step before, along the top line. The forget gate scales it: $$f_t \odot c_{t-1}$$
At $t = 0$ it is zero: $c_{-1} = 0$."""),
    "c": dict(title="cell state c_t", body=r"""The cell's long-term memory, updated by addition:
$$c_t = f_t \odot c_{t-1} + i_t \odot g_t$$
($\odot$: unit by unit). Because the old state is scaled, not squashed, it can carry
information over many time steps."""),
    "h": dict(title="hidden state h_t", body=r"""What the cell shows to the next layer, to the head and to itself
at the next time step: $$h_t = o_t \odot \tanh(c_t)$$ always between -1 and 1."""),
    "prediction": dict(title="prediction", body=r"""The dense head turns the last layer's hidden state into
one number, the guess of the next value: $$\hat{x}_{t+1} = w^\top h_t + b$$ The orange curve
below is this guess at every time step of the input."""),
    "loss": dict(title="loss", body=r"""How wrong the guesses are on this input: the mean squared error
over its $T$ time steps, $$L = \frac{1}{T} \sum_{t=1}^{T} \left(\hat{x}_{t+1} - x_{t+1}\right)^2$$
Training moves every weight of the cell against its gradient $\partial L / \partial W$."""),
}

HEATMAP_INFO = dict(title="How to read the heatmaps", body=r"""
Each cell of a heatmap is one gate of one unit at one time step of the traced input,
$$f_t = \sigma\left(W_f\, x_t + U_f\, h_{t-1} + b_f\right)$$ and likewise $i_t$, $o_t$: 0 (dark) is
closed, 1 (bright) open. The cell state $c_t = f_t \odot c_{t-1} + i_t \odot g_t$ is signed.
A unit that remembers keeps $f_t$ near 1 while its $c_t$ stays put.
""")

SURGERY_INFO = dict(title="What pinning does", body=r"""
A pinned gate ignores its input: the cell computes the rest as usual with the gate's value
fixed, e.g. $f_t = 1$ gives $$c_t = c_{t-1} + i_t \odot g_t$$ a memory that never forgets,
and $f_t = 0$ gives $c_t = i_t \odot g_t$, no memory beyond one step. Both networks start from
the same settings; only the pinned gate differs.
""")

COMPARE_INFO = dict(title="The three cells", body=r"""
**Vanilla RNN**: $h_t = \tanh(W x_t + U h_{t-1} + b)$, no gates. **GRU**: an update gate $z_t$
keeps part of the old state and writes the rest from a candidate $n_t$,
$$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$$ **LSTM**: a separate
cell state, $c_t = f_t \odot c_{t-1} + i_t \odot g_t$, $h_t = o_t \odot \tanh(c_t)$.
""")

TEXT_INFO = dict(title="How it writes", body=r"""
The head gives a score $s_k$ for every character $k$; the temperature $\tau$ turns scores into
probabilities, $$p_k = \frac{e^{s_k / \tau}}{\sum_j e^{s_j / \tau}}$$ and the next character is drawn
from them. The loss is the cross-entropy $-\log p_{\text{true}}$, averaged over the characters.
""")

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
