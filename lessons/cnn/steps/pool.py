"""Step 'pool': max pooling, a smaller map."""
from widgets.course.tour import stop

from ..parts import DetailStep
from ..spoken import said


class Pool(DetailStep):
    id = "pool"
    title = "Max pooling: a smaller map"
    text = """
**Click a map in a pooling column** (orange band) and press ▶.

**Max pooling** looks at each 2×2 window and keeps only its largest value (dashed outline).
The map becomes half as wide and half as high: the next layer sees a coarser picture, and a
feature that moves by one pixel often still gives the same output.
"""
    tour = (
        stop("feature-map-grid", "Pick a pooling map", "Click any map under an orange band.", wait=True),
        stop("pool-player", "Step through the windows", "Each 2×2 window keeps its largest value."),
    )
    layer = "pool1"
    done_when = "you picked a pooling map to explain"
    info = dict(title="Max pooling, the formula", body=said(r"""
With a $2 \times 2$ window and stride 2, output cell $(i, j)$ of channel $c$ is

$$y_{c,i,j} = \max_{u, v \in \{0, 1\}} x_{c,\, 2i+u,\, 2j+v}$$

Each channel is pooled on its own; an $H \times W$ map becomes $\lfloor H/2 \rfloor \times
\lfloor W/2 \rfloor$. It has no weights: nothing here is learned.
"""))
