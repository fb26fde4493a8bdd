"""Step 'conv': convolution, one output cell at a time."""
from widgets.course.tour import stop

from ..parts import DetailStep
from ..spoken import said


class Conv(DetailStep):
    id = "conv"
    title = "Convolution, one output cell at a time"
    text = """
**Click a map in a convolution column** (green band) to open its explanation below.

A **kernel** (a small grid of weights, here 3×3) sits on a **window** of the input. The
window's values are multiplied by the kernel's, cell by cell (**products**), and added up.
For an input with several channels there is one kernel per channel: their sums are added,
plus one **bias**, and that number is one cell of the output map. Then the kernel moves one
cell on and does it again.

**Press ▶** to watch the kernel slide, or step with ◀ ▶. The numbers are the live model's:
they equal what PyTorch's `conv2d` computes.
"""
    tour = (
        stop("feature-map-grid", "Pick a convolution map", "Click any map under a green band.", wait=True),
        stop("conv-player", "Slide the kernel", "▶ plays, ◀ ▶ step one output cell at a time."),
        stop("conv-sums", "The sum", "Products summed per input channel, plus the bias: one output cell."),
    )
    layer = "conv1_1"
    done_when = "you picked a convolution map to explain"
    info = dict(title="The formula", body=said(r"""
Output channel $o$ at cell $(i, j)$ of a convolution with kernel size $K$, stride $S$ and
zero padding $P$:

$$y_{o,i,j} = b_o + \sum_{c} \sum_{u=0}^{K-1} \sum_{v=0}^{K-1} w_{o,c,u,v}\, x^{\text{pad}}_{c,\, iS+u,\, jS+v}$$

One kernel per input channel, all summed, plus one bias per output channel. Strictly this is
a cross-correlation (the kernel is not flipped), which is what `torch.nn.Conv2d` computes.
"""))
