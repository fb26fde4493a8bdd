"""Step 'check': Check your understanding."""
from widgets.course.check_question import Check, placed
from widgets.course.step import LessonStep


class Understanding(LessonStep):
    id = "check"
    title = "Check your understanding"
    review_terms = True
    done_when = "every question here answered right"
    confirmed_by_page = "answers"
    text = """
Answer from what you saw. Go back and try again if you are not sure: your runs are still there.
"""
    checks = (
        placed(Check("You make the batch 8 times larger and keep the number of steps. What happens to the curve?",
              ("It gets smoother, and each step takes longer",
               "It gets noisier, and each step is faster",
               "Nothing: the batch size only changes the memory used"),
              0,
              ("The gradient is averaged over 8x more examples, so it varies less from step to step; computing "
               "it costs more time per step. Plot it against time to see the price.",
               "It is the other way round: fewer examples per step make a noisier curve and faster steps.",
               "The batch size changes the gradient's noise and the cost of a step: look at step 4 again.")), 2),
        placed(Check("Runs A and B: A has 99% training and 86% validation accuracy, B has 93% and 92%. "
                     "Which over-fits?",
              ("A: its gap (13 points) is far larger than B's (1 point)",
               "B: its training accuracy is lower",
               "Neither: both validation accuracies are high"),
              0,
              ("Over-fitting shows as a gap: A learned its training examples much better than new ones.",
               "A lower training accuracy with a small gap is not over-fitting; it may be under-fitting.",
               "Over-fitting is about the gap between training and validation, not the level.")), 1),
        placed(Check("Why did moving λ back to 0 not undo the sparsity?",
              ("A knob acts on the steps to come; the weights already pulled to zero stay until relearned",
               "The server ignores a λ of 0",
               "Sparsity can never be undone, not even by a rewind"),
              0,
              ("Right. Rewind to a snapshot is the undo: it restores the weights exactly.",
               "λ = 0 is applied at the next step; it only stops the pull, it does not push weights back.",
               "A rewind restores the weights bitwise, sparsity included.")), 0),
        placed(Check("A point lies below the Pareto front. What does that say about its run?",
              ("Some other run was both at least as accurate and at least as cheap",
               "It is the most accurate run",
               "It diverged"),
              0,
              ("That is what below the front means: its settings wasted time (or parameters) for its accuracy.",
               "The most accurate run is always on the front, at its right end.",
               "A diverged run would sit at low accuracy, but being below the front only means another run "
               "beat it on both axes.")), 2),
    )
