"""The CNN lesson's details on demand: one (i) per layer type, operation and control, with its
explanation and formula. Each is dict(title=..., body=...) for widgets.course.info.Info."""
OVERVIEW = dict(title="How to read the overview", body=r"""
Each column is one layer's output for **your input**, left to right in the order the network
computes them. A convolution layer with 8 output channels makes 8 maps: one per **filter**.
The coloured band over a column gives the layer's type; its shape reads *channels × height ×
width*. Colours: blue below zero, white zero, vermillion above; each column is scaled to its
own largest value (printed under it). Lines link the selected map to the maps it is computed
from: a convolution reads **every** map of the layer before it, a ReLU or a pooling only its
own channel. The last column is the softmax: the network's probability for each class.
""")

CONV = dict(title="The formula", body=r"""
Output channel $o$ at cell $(i, j)$ of a convolution with kernel size $K$, stride $S$ and
zero padding $P$:

$$y_{o,i,j} = b_o + \sum_{c} \sum_{u=0}^{K-1} \sum_{v=0}^{K-1} w_{o,c,u,v}\, x^{\text{pad}}_{c,\, iS+u,\, jS+v}$$

One kernel per input channel, all summed, plus one bias per output channel. Strictly this is
a cross-correlation (the kernel is not flipped), which is what `torch.nn.Conv2d` computes.
""")


INPUT = dict(title="The input", body=r"""
An image of $H \times W$ pixels with $C$ channels: $C = 1$ (grey) for the digits, $C = 3$
(red, green, blue) for the shapes. Each value lies in $[0, 1]$. A digit is scikit-learn's
$8 \times 8$ scan (ink counts $0..16$ divided by 16), enlarged bilinearly to $16 \times 16$.
""")

RELU = dict(title="ReLU, the formula", body=r"""
$$\mathrm{ReLU}(v) = \max(0, v)$$

applied to every cell of every map on its own: the shape does not change. A negative value,
however small, becomes exactly 0; a positive one passes unchanged. Without it, two
convolutions in a row would equal one larger convolution.
""")

POOL = dict(title="Max pooling, the formula", body=r"""
With a $2 \times 2$ window and stride 2, output cell $(i, j)$ of channel $c$ is

$$y_{c,i,j} = \max_{u, v \in \{0, 1\}} x_{c,\, 2i+u,\, 2j+v}$$

Each channel is pooled on its own; an $H \times W$ map becomes $\lfloor H/2 \rfloor \times
\lfloor W/2 \rfloor$. It has no weights: nothing here is learned.
""")

SOFTMAX = dict(title="Flatten, linear layer and softmax, the formulas", body=r"""
**Flatten** lays the last maps ($C \times s \times s$) out as one vector $h$ of $C s^2$ numbers.
The **linear layer** gives one logit per class: $z = W h + b$, with $W$ of shape
$K \times C s^2$ ($K$ classes: 10 digits or 4 shapes). **Softmax** turns the logits into probabilities:

$$p_k = \frac{e^{z_k}}{\sum_{j} e^{z_j}}$$

Training lowers the cross-entropy loss $-\log p_y$ of the true class $y$.
""")

SANDBOX = dict(title="The output size, the formula", body=r"""
Along each side, an input of $W$ cells, a kernel of $K$, zero padding $P$ on both sides and
stride $S$ give

$$\text{output} = \left\lfloor \frac{W - K + 2P}{S} \right\rfloor + 1$$

**Input size W**: the cells along one side. **Padding P**: rings of zeros added around the
input, so the kernel can sit on the edge cells. **Stride S**: how far the kernel moves between
output cells. **Filter**: which of the first layer's kernels (and its bias) is used.
""")

TRAINING = dict(title="The training controls", body=r"""
**▶ Train / ❚❚ Pause / Step / ↺ Reset**: train continuously, stop, one optimiser step, or
start again from random weights. **Learning rate** $\eta$: how far each step moves the
weights along the negative gradient (Adam: $w \leftarrow w - \eta\, \hat m / (\sqrt{\hat v} +
\epsilon)$). **Batch size** $B$: images per step; the loss is their average
$\frac{1}{B}\sum_b -\log p_{y_b}$. **Training speed**: batches per second, so you can watch.
**Validation accuracy**: the share of the held-out images read right (359 digits or 400 shapes). **Snapshot**:
the weights kept every 20 steps; *Rewind* takes the network back to one.
""")

CONFUSION = dict(title="The confusion matrix", body=r"""
Cell $(t, q)$ counts the validation images of true class $t$ that the network put in class
$q = \arg\max_k p_k$. The diagonal holds the right answers; accuracy is
$\sum_t n_{t,t} / \sum_{t,q} n_{t,q}$. It is recomputed at every evaluation (every 20 steps).
""")

DRAWING = dict(title="How your drawing becomes an input", body=r"""
The same way the training digits were made: the strokes' bounding box is scaled so its
longer side is 32 pixels and centred in a $32 \times 32$ bitmap; the ink pixels are counted
in each $4 \times 4$ block, giving $8 \times 8$ counts $n \in \{0, .., 16\}$; each becomes
$n / 16$, and the image is enlarged bilinearly to $16 \times 16$. **Clear** wipes the
canvas; a blank canvas is not sent to the network.
""")

ARCHITECTURE = dict(title="The architecture choices", body=r"""
**Blocks**: how many *conv → ReLU → conv → ReLU → max pool* blocks; each halves the maps.
**Channels**: filters per conv layer, hence maps per layer. A conv layer with $C_{in}$ input
and $C_{out}$ output channels and kernel $K$ has $C_{out}(C_{in} K^2 + 1)$ weights and
biases. **Kernel size K** and **padding P**: each conv layer's map goes from $s$ to
$s - K + 2P + 1$ (stride 1); with $P = (K-1)/2$ the size stays.
""")
