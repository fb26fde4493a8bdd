"""The RNN lesson's checks: each asks what the student saw, with feedback for every answer."""
from widgets.check_question import Check

CORE = (
    Check("On step 1, why did the feed-forward network's guesses stay off the wave?",
          ("The same value comes on the way up and on the way down, and it only sees the current value",
           "It has too few weights to draw a sine",
           "It trained with a smaller learning rate"),
          0,
          ("Without memory, one input can only map to one output: at the same height it cannot tell rising "
           "from falling, so it guesses in between.",
           "Capacity is not the problem: even a large feed-forward network sees only x_t. Look at where its "
           "orange line misses: where the wave turns.",
           "Both networks trained with the same settings; look at which parts of the wave it misses.")),
    Check("While the loss fell on step 3, what happened to the blue line right of the dotted line?",
          ("It moved onto the wave, first close to the dotted line and later further along",
           "It stayed where it was: the loss only measures the orange next-step guesses",
           "It matched the whole wave from the first training step on"),
          0,
          ("Trained only on next-step guesses, the network can still continue the wave on its own by "
           "feeding itself its guesses; small errors still add up further out.",
           "The continuation is made of next-step guesses fed back in, so it improves with them. "
           "Watch it again while it trains.",
           "The untrained network's continuation was flat or wrong; press Reset on step 3 and watch.")),
    Check("In the cell, what does a forget gate of f = 0 do at that time step?",
          ("It erases the old cell state: c_t is only what the input gate writes now",
           "It stops the cell from producing any output",
           "It keeps the cell state exactly as it was"),
          0,
          ("c_t = f · c_{t-1} + i · g: with f = 0 the first term is gone, the memory restarts from i · g.",
           "The output is scaled by the output gate o, not by f.",
           "That is f = 1 together with i = 0: keep everything, write nothing.")),
    Check("With show values on, step through a few time steps. What do the three gates have in common?",
          ("Each is a number between 0 and 1 that scales something",
           "They always add up to 1",
           "They are the same for every unit"),
          0,
          ("Sigmoid gates lie between 0 and 1 and act as soft switches: f scales the old memory, i the new "
           "content, o what is shown.",
           "They are computed independently, each with its own weights; nothing makes them sum to 1.",
           "Move the Unit slider: each unit has its own gate values.")),
)

GATES_OVER_TIME = (
    Check("In the heatmaps, where the forget gate is close to 1 for a unit, what does that unit's cell "
          "state row look like?",
          ("It changes slowly: the memory is carried along from step to step",
           "It flips sign at every step",
           "It is always zero"),
          0,
          ("f near 1 keeps most of c_{t-1}, so the cell state changes only by what the input gate adds.",
           "Fast flips come from a small f and a large i · g; look again at rows where f is bright.",
           "A kept memory is usually far from zero; zero means nothing was written.")),
)

BPTT = (
    Check("After both have trained a while, how does the gradient reaching early time steps compare?",
          ("It shrinks faster, step after step, in the vanilla RNN than in the LSTM",
           "It is the same for both: gradients do not depend on the cell",
           "It grows with every step back in both"),
          0,
          ("Each step back multiplies by the RNN's recurrent Jacobian; the LSTM's additive cell state lets "
           "more through. If your curves look alike, train longer and look at the far left.",
           "The gradient's path through time goes through the cell's equations, which differ.",
           "Growing gradients (exploding) can happen with large weights, but not on this task with these "
           "settings; read the y axis: it is logarithmic.")),
)

SURGERY = (
    Check("With the forget gate fixed at 0, how did the pinned cell's loss compare with the intact one?",
          ("Higher: erasing the memory at every step leaves only one step of context",
           "Lower: forgetting helps it focus",
           "The same: the forget gate is never used"),
          0,
          ("With f = 0 the cell keeps nothing across steps but what h_{t-1} carries through the gates, "
           "so it has less memory to work with.",
           "Compare the two curves again after a few hundred steps.",
           "Pinning it changed the computation; the curves differ.")),
)

COMPARE = (
    Check("Which cell's loss fell to the lowest value on this wave in your run?",
          ("The one with gates (GRU or LSTM); the vanilla RNN stayed higher or fell later",
           "The vanilla RNN, because it has the fewest weights",
           "All three ended identical"),
          0,
          ("Gated cells can hold the phase of the wave longer. On an easy wave the RNN can catch up given "
           "time, so watch the first few hundred steps.",
           "Fewer weights make each step cheaper, not the loss lower.",
           "They train from different weights with different equations; their curves differ.")),
)
