"""Step 'sandbox': kernel size, padding and stride (deeper)."""
import panel as pn

from widgets.cnn.conv_sandbox import ConvSandbox
from widgets.course.info import Info
from widgets.course.step import LessonStep
from widgets.course.tour import stop

from ..spoken import said

SANDBOX_INFO = dict(title="The output size, the formula", body=said(r"""
Along each side, an input of $W$ cells, a kernel of $K$, zero padding $P$ on both sides and
stride $S$ give

$$\text{output} = \left\lfloor \frac{W - K + 2P}{S} \right\rfloor + 1$$

**Input size W**: the cells along one side. **Padding P**: rings of zeros added around the
input, so the kernel can sit on the edge cells. **Stride S**: how far the kernel moves between
output cells. **Filter**: which of the first layer's kernels (and its bias) is used.
"""))


class Sandbox(LessonStep):
    id = "sandbox"
    title = "Sandbox: kernel size, padding, stride"
    deeper = True
    text = """
Four numbers decide a convolution's output size: the input size **W**, the kernel size
**K**, the zero **padding** P added around the input, and the **stride** S, how many cells
the kernel moves each time.

**Your action: change the sliders** and watch the formula and the example. Try a stride of 2
on a 7×7 input, then an input smaller than the kernel (W = 2, no padding). The example is
your input, shrunk to W×W, convolved with one of the live network's first-layer filters
(pick which) and its bias: the real numbers, as they are now.
"""
    tour = (
        stop("sandbox-controls", "The four numbers", "Change W, P and S, and pick one of the live filters."),
        stop("sandbox-formula", "The output size", "Derived with SymPy, your numbers substituted."),
    )

    def view(self):
        sandbox = ConvSandbox(maps=self.session.maps)
        pn.bind(lambda views: views.get("maps") and setattr(sandbox, "maps", views["maps"]),
                self.session.run.param.views, watch=True)
        return pn.Column(sandbox, Info(**SANDBOX_INFO), sizing_mode="stretch_width")
