"""How the RNN lesson's formulas are read aloud: each TeX as a text writes it, and its words.

A subscript is "sub" (h_{t-1}: "h sub t minus 1"), ⊙ is "circle-dot" (the texts say it means unit
by unit), and a group is "open paren … close paren" where the words alone would be ambiguous. A
lone letter, number or Greek letter needs no entry (widgets.course.html.spoken_math).
"""
from widgets.course.html import spoken_math

C_UPDATE = "c sub t equals f sub t circle-dot c sub t minus 1, plus i sub t circle-dot g sub t"
H_OUTPUT = "h sub t equals o sub t circle-dot tanh of c sub t"
GATE_INPUT = "W x sub t, plus U h sub t minus 1, plus b"

SPOKEN = {
    # the glossary
    r"h_t": "h sub t",
    r"c_t = f \cdot c_{t-1} + i \cdot g": "c sub t equals f times c sub t minus 1, plus i times g",
    r"f_t": "f sub t",
    r"i_t": "i sub t",
    r"o_t": "o sub t",
    r"c_t": "c sub t",
    r"\tanh(c_t)": "tanh of c sub t",
    # the cell's parts
    r"x_t": "x sub t",
    r"h_{t-1}": "h sub t minus 1",
    r"c_{t-1}": "c sub t minus 1",
    r"t = 0": "t equals 0",
    r"z_t = W\, x_t + U\, h_{t-1} + b": f"z sub t equals {GATE_INPUT}",
    r"h_{-1} = 0": "h sub minus 1 equals 0",
    r"f_t \odot c_{t-1}": "f sub t circle-dot c sub t minus 1",
    r"c_{-1} = 0": "c sub minus 1 equals 0",
    r"c_t = f_t \odot c_{t-1} + i_t \odot g_t": C_UPDATE,
    r"\odot": "circle-dot",
    r"h_t = o_t \odot \tanh(c_t)": H_OUTPUT,
    r"\hat{x}_{t+1} = w^\top h_t + b": "x hat sub t plus 1 equals w transpose h sub t, plus b",
    r"L = \frac{1}{T} \sum_{t=1}^{T} \left(\hat{x}_{t+1} - x_{t+1}\right)^2":
        "L equals 1 over T times the sum from t equals 1 to T of, open paren x hat sub t plus 1 minus "
        "x sub t plus 1, close paren squared",
    r"\partial L / \partial W": "partial L over partial W",
    # the loss
    r"\hat{x}_{t+1}": "x hat sub t plus 1",
    r"x_{t+1}": "x sub t plus 1",
    r"L = \frac{1}{BT} \sum_{b=1}^{B} \sum_{t=1}^{T} \left(\hat{x}^{(b)}_{t+1} - x^{(b)}_{t+1}\right)^2":
        "L equals 1 over B T times the sum from b equals 1 to B of the sum from t equals 1 to T of, open paren "
        "x hat superscript b sub t plus 1 minus x superscript b sub t plus 1, close paren squared",
    # gates over time, pinned gates, the three cells
    r"f_t = \sigma\left(W_f\, x_t + U_f\, h_{t-1} + b_f\right)":
        "f sub t equals sigma of, open paren W sub f x sub t, plus U sub f h sub t minus 1, plus b sub f, close paren",
    r"f_t = 1": "f sub t equals 1",
    r"f_t = 0": "f sub t equals 0",
    r"c_t = c_{t-1} + i_t \odot g_t": "c sub t equals c sub t minus 1, plus i sub t circle-dot g sub t",
    r"c_t = i_t \odot g_t": "c sub t equals i sub t circle-dot g sub t",
    r"h_t = \tanh(W x_t + U h_{t-1} + b)": f"h sub t equals tanh of, open paren {GATE_INPUT}, close paren",
    r"z_t": "z sub t",
    r"n_t": "n sub t",
    r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}":
        "h sub t equals, open paren 1 minus z sub t, close paren circle-dot n sub t, plus z sub t circle-dot "
        "h sub t minus 1",
    # the checks' answers
    r"f = 0": "f equals 0",
    r"i = 0": "i equals 0",
    r"i \cdot g": "i times g",
    r"c_t = i \cdot g": "c sub t equals i times g",
    r"c_t = f \cdot c_{t-1}": "c sub t equals f times c sub t minus 1",
    r"h_t = o \cdot \tanh(0) = 0": "h sub t equals o times tanh of 0, equals 0",
    # the gradient through time
    r"\lVert \partial L_T / \partial h_t \rVert": "the norm of partial L sub T over partial h sub t",
    r"t = T": "t equals T",
    # writing text
    r"s_k": "s sub k",
    r"p_k = \frac{e^{s_k / \tau}}{\sum_j e^{s_j / \tau}}":
        "p sub k equals e to the s sub k over tau, over the sum over j of e to the s sub j over tau",
    r"-\log p_{\text{true}}": "minus log p sub true",
}


def said(markdown: str) -> str:
    """`markdown` with each formula typeset and named by its words in SPOKEN."""
    return spoken_math(markdown, SPOKEN)
