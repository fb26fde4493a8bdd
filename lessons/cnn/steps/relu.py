"""Step 'relu': ReLU, keep the positives."""
from widgets.course.tour import stop

from ..parts import DetailStep
from ..spoken import said


class Relu(DetailStep):
    id = "relu"
    title = "ReLU: keep the positives"
    text = """
After every convolution comes a **ReLU**: every negative value becomes 0, every positive
value stays. Without it, two convolutions in a row would be no more powerful than one.

**Click a map in a ReLU column** (purple band). The outlined cells on the left are negative;
on the right they are 0. Even a tiny negative such as −2e-05 counts: the numbers are printed
with significant digits, so a negative always shows its minus sign.
"""
    tour = (
        stop("feature-map-grid", "Pick a ReLU map", "Click any map under a purple band.", wait=True),
        stop("relu-view", "Before and after", "Outlined cells were negative; after ReLU they are 0."),
    )
    layer = "relu1_1"
    done_when = "you picked a ReLU map to explain"
    info = dict(title="ReLU, the formula", body=said(r"""
$$\mathrm{ReLU}(v) = \max(0, v)$$

applied to every cell of every map on its own: the shape does not change. A negative value,
however small, becomes exactly 0; a positive one passes unchanged. Without it, two
convolutions in a row would equal one larger convolution.
"""))
