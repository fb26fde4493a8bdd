"""Step 'check': check your understanding, then the key terms."""
from widgets.course.check_question import Check
from widgets.course.step import LessonStep


class Understanding(LessonStep):
    id = "check"
    title = "Check your understanding"
    review_terms = True
    done_when = "every question here answered right"
    confirmed_by_page = "answers"
    text = """
Answer from what you saw. Go back to any step if you are not sure: your network keeps its
place.
"""
    checks = (
        Check("A 16×16 input, a 3×3 kernel, padding 0, stride 1. How large is the output?",
              ("14×14", "16×16", "13×13"), 0,
              ("(16 − 3 + 2·0) / 1 + 1 = 14: the kernel fits in 14 positions along each side.",
               "That needs padding 1: with no padding the kernel cannot be centred on the edge cells.",
               "Count the positions: the kernel's left edge can start at columns 0 to 13, which is 14 places.")),
        Check("A 7×7 input, a 3×3 kernel, padding 0, stride 2: the kernel's window starts at row 2, "
              "column 4. Which output cell does it produce?",
              ("Row 1, column 2", "Row 2, column 4", "Row 4, column 8"), 0,
              ("With stride 2 the window of output cell (i, j) starts at (2i, 2j); (2, 4) is (1, 2).",
               "That would be stride 1. With stride 2 the window moves two cells per output cell.",
               "That multiplies instead of dividing: the window starts at (S·i, S·j).")),
        Check("Why do many first-layer filters end up looking like a light stripe beside a dark one?",
              ("Such a kernel gives a large sum where the image changes from dark to light: it detects edges "
               "and strokes", "The filters copy parts of the training digits", "Training makes every filter "
               "the same"), 0,
              ("The sum of products is largest where the window matches the kernel's pattern; pen strokes are "
               "edges, so edge detectors help tell digits apart.",
               "A 3×3 filter is far smaller than a digit: it matches a local pattern such as an edge, anywhere.",
               "Different filters detect different patterns; identical filters would waste channels.")),
        Check("A ReLU map shows a cell that was −0.00003 before. What is it after?",
              ("0", "−0.00003", "0.00003"), 0,
              ("Any negative value, however small, becomes 0.",
               "ReLU keeps only positive values: max(0, −0.00003) = 0.",
               "ReLU does not take absolute values; it sets negatives to 0.")),
    )
