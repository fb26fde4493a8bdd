"""Step 'check': Check your understanding."""

from widgets.course.check_question import Check
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..spoken import said

CHECKS = (
    Check("On step 1, why did the feed-forward network's loss stay about ten times higher, and its "
          "continuation go flat?",
          ("The same value comes on the way up and on the way down, and it only sees the current value",
           "It has too few weights to draw a sine",
           "It trained with a smaller learning rate"),
          0,
          ("Without memory, one input can only map to one output: at the same height it cannot tell rising "
           "from falling, so it guesses in between.",
           said("Capacity is not the problem: even a large feed-forward network sees only $x_t$. Look at "
                "its blue continuation: with no memory of the direction, it settles on one value."),
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
          ("It erases the old cell state: cₜ is only what the input gate writes now",
           "It stops the cell from producing any output",
           "It keeps the cell state exactly as it was"),
          0,
          (said(r"$c_t = f \cdot c_{t-1} + i \cdot g$: with $f = 0$ the first term is gone, the memory restarts "
                r"from $i \cdot g$."),
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


class Check(LessonStep):
    id = "check"
    title = "Check your understanding"
    text = """
Answer from what you saw. Go back and look again if you are not sure: your networks keep
their state. Then recall each key term before you open it.
"""
    checks = CHECKS
    review_terms = True
    done_when = "every question here answered right"
    confirmed_by_page = "answers"
    tour = (
        stop("check-option", "Answer a question", "Pick the answer you think is right: the feedback says why "
             "it is right or wrong, and you may try again.", wait=True),
        stop("glossary-open", "The key terms", "Below the questions, recall each term before you open it. "
             "The same terms are in the glossary, here on every step."),
    )
