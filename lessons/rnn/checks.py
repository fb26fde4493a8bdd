"""The RNN lesson's checks: each asks what the student saw, with feedback for every answer."""
from widgets.course.check_question import Check

CORE = (
    Check("On step 1, why did the feed-forward network's loss stay about ten times higher, and its "
          "continuation go flat?",
          ("The same value comes on the way up and on the way down, and it only sees the current value",
           "It has too few weights to draw a sine",
           "It trained with a smaller learning rate"),
          0,
          ("Without memory, one input can only map to one output: at the same height it cannot tell rising "
           "from falling, so it guesses in between.",
           "Capacity is not the problem: even a large feed-forward network sees only x_t. Look at its "
           "blue continuation: with no memory of the direction, it settles on one value.",
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
    Check("Read the lower plot's y axis: how much of the gradient reaches 25 time steps back, compared with "
          "the last step?",
          ("Thousands of times less or smaller still: most of it vanishes on the way back",
           "About as much as at the last step",
           "More than at the last step"),
          0,
          ("Each step back multiplies the gradient by the cell's Jacobian; with factors below 1 it shrinks "
           "geometrically. That is why early inputs teach a recurrent network so little: the vanishing gradient.",
           "The axis is logarithmic: each grid line down is ten times less. Follow a curve to the left.",
           "Only a growing (exploding) gradient would do that; follow the curves to the left on the log axis.")),
)

SURGERY = (
    Check("Pin the input gate off (i = 0) and train. What does that network learn, and why?",
          ("Nothing: its loss stays near where it started, because nothing is ever written into the cell state",
           "The same as the intact cell, only slower",
           "Better than the intact cell, because it cannot be distracted by new input"),
          0,
          ("With i = 0, c_t = f · c_{t-1} stays at its start value 0, so h_t = o · tanh(0) = 0 at every step: "
           "the head only ever sees zeros and can learn nothing but the average.",
           "Look at its curve: it stays flat. With i = 0 the cell state never leaves 0.",
           "It cannot read its input at all: with i = 0 nothing reaches the cell state or the output.")),
)

COMPARE = (
    Check("All three networks got the same data and the same settings. Why do their curves differ?",
          ("Their cells compute different equations, so the same batches move them to different weights",
           "The server gives some of them more training steps than others",
           "They do not really differ: it is random noise on one and the same model"),
          0,
          ("A vanilla RNN has one tanh, a GRU two gates, an LSTM three gates and a cell state: different "
           "functions with different numbers of weights learn differently from the same data.",
           "Look at the step counts under the buttons: they train at the same pace.",
           "They are three different cells; run Reset all and the differences come back the same way, "
           "because every run starts from a fixed seed.")),
)

TEXT = (
    Check("While the loss fell, what happened to what the network writes?",
          ("It went from random characters to the training text's pattern, first the letters, then the order",
           "It stayed random: the loss measures something else",
           "It copied the training text exactly from the first step on"),
          0,
          ("Each character is a next-character guess fed back in, like the wave's continuation: as the "
           "guesses improve, the writing takes on the text's letters, then its words and order.",
           "Look again while it trains: the sample is drawn from the live model at every update.",
           "The untrained network writes random characters; it takes some training steps.")),
    Check("Set the temperature to 2, then to 0.1. What changes?",
          ("At 2 it writes more varied and more wrong characters; at 0.1 it repeats its likeliest choices",
           "Nothing: the temperature changes the weights only at the next step",
           "At 2 it trains faster"),
          0,
          ("The temperature divides the scores before the softmax: high flattens the probabilities, low "
           "sharpens them. The weights do not change at all.",
           "The temperature is applied only when sampling; it changes what it writes at once.",
           "Training never sees the temperature: the loss curve is unaffected.")),
)
