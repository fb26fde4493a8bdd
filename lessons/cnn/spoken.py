"""How the CNN lesson's formulas are read aloud: each TeX as a text writes it, and its words.

A subscript is "sub" (C_{in}: "C sub in"), a × between sizes is "by", and a group is "open paren
… close paren" where the words alone would be ambiguous. A lone letter, number or Greek letter
needs no entry (widgets.course.html.spoken_math).
"""
from widgets.course.html import spoken_math

SPOKEN = {
    # the input
    r"H \times W": "H by W",
    r"C = 1": "C equals 1",
    r"C = 3": "C equals 3",
    r"[0, 1]": "the interval from 0 to 1",
    r"8 \times 8": "8 by 8",
    r"0..16": "0 to 16",
    r"16 \times 16": "16 by 16",
    # convolution
    r"(i, j)": "i comma j",
    r"y_{o,i,j} = b_o + \sum_{c} \sum_{u=0}^{K-1} \sum_{v=0}^{K-1} w_{o,c,u,v}\, x^{\text{pad}}_{c,\, iS+u,\, jS+v}":
        "y sub o, i, j equals b sub o plus the sum over c of the sum from u equals 0 to K minus 1 of the sum from "
        "v equals 0 to K minus 1 of w sub o, c, u, v times x pad sub c, i S plus u, j S plus v",
    # max pooling
    r"2 \times 2": "2 by 2",
    r"y_{c,i,j} = \max_{u, v \in \{0, 1\}} x_{c,\, 2i+u,\, 2j+v}":
        "y sub c, i, j equals the maximum, over u and v each 0 or 1, of x sub c, 2 i plus u, 2 j plus v",
    r"\lfloor H/2 \rfloor \times \lfloor W/2 \rfloor": "the floor of H over 2, by the floor of W over 2",
    # ReLU
    r"\mathrm{ReLU}(v) = \max(0, v)": "ReLU of v equals the maximum of 0 and v",
    # flatten, linear layer, softmax
    r"C \times s \times s": "C by s by s",
    r"C s^2": "C s squared",
    r"z = W h + b": "z equals W h plus b",
    r"K \times C s^2": "K by C s squared",
    r"p_k = \frac{e^{z_k}}{\sum_{j} e^{z_j}}":
        "p sub k equals e to the z sub k, over the sum over j of e to the z sub j",
    r"-\log p_y": "minus log p sub y",
    # the output size
    r"\text{output} = \left\lfloor \frac{W - K + 2P}{S} \right\rfloor + 1":
        "output equals the floor of W minus K plus 2 P, over S, plus 1",
    # training
    r"w \leftarrow w - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)":
        "w becomes w minus eta m hat over, open paren the square root of v hat, plus epsilon, close paren",
    r"\frac{1}{B}\sum_b -\log p_{y_b}": "1 over B times the sum over b of minus log p sub y sub b",
    # the confusion matrix
    r"(t, q)": "t comma q",
    r"q = \arg\max_k p_k": "q equals the arg max over k of p sub k",
    r"\sum_t n_{t,t} / \sum_{t,q} n_{t,q}":
        "the sum over t of n sub t, t, divided by the sum over t and q of n sub t, q",
    # a drawing
    r"32 \times 32": "32 by 32",
    r"4 \times 4": "4 by 4",
    r"n \in \{0, .., 16\}": "n from 0 to 16",
    r"n / 16": "n over 16",
    # your own network
    r"C_{in}": "C sub in",
    r"C_{out}": "C sub out",
    r"C_{out}(C_{in} K^2 + 1)": "C sub out times, open paren C sub in K squared, plus 1, close paren",
    r"s - K + 2P + 1": "s minus K plus 2 P plus 1",
    r"P = (K-1)/2": "P equals K minus 1, over 2",
}


def said(markdown: str) -> str:
    """`markdown` with each formula typeset and named by its words in SPOKEN."""
    return spoken_math(markdown, SPOKEN)
