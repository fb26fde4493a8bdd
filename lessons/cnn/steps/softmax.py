"""Step 'softmax': from maps to probabilities."""
from widgets.course.tour import stop

from ..parts import DetailStep
from ..spoken import said


class Softmax(DetailStep):
    id = "softmax"
    title = "From maps to probabilities: softmax"
    text = """
The last maps are **flattened** into one long list of numbers; a **linear layer** multiplies
it by a weight matrix and adds a bias, giving one score per class: the **logits** z.

**Softmax** turns the logits into probabilities: take e to the power of each logit, then
divide by their sum. Every result lies between 0 and 1, they add up to 1, and the largest
logit gets the largest probability.

**Click the softmax column** and compare the table with the formula: it holds your input's
actual numbers.
"""
    tour = (
        stop("softmax-formula", "The formula, with your numbers", "exp of each logit over the sum of all of them."),
    )
    layer = "probabilities"
    done_when = "you picked the softmax column"
    info = dict(title="Flatten, linear layer and softmax, the formulas", body=said(r"""
**Flatten** lays the last maps ($C \times s \times s$) out as one vector $h$ of $C s^2$ numbers.
The **linear layer** gives one logit per class: $z = W h + b$, with $W$ of shape
$K \times C s^2$ ($K$ classes: 10 digits or 4 shapes). **Softmax** turns the logits into probabilities:

$$p_k = \frac{e^{z_k}}{\sum_{j} e^{z_j}}$$

Training lowers the cross-entropy loss $-\log p_y$ of the true class $y$.
"""))
