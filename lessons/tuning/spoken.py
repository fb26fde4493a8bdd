"""How the tuning lesson's formulas are read aloud: each TeX as a text writes it, and its words.

A subscript is "sub" (L_B: "L sub B"), |w| is "the absolute value of w", and a group is "open
paren … close paren" where the words alone would be ambiguous. A lone letter, number or Greek
letter needs no entry (widgets.course.html.spoken_math).
"""
from widgets.course.html import spoken_math

SPOKEN = {
    # the loss
    r"-\log p": "minus log p",
    r"\log 10 \approx 2.3": "log 10 is about 2.3",
    # the L1 penalty, sparsity
    r"L = \text{cross-entropy} + \lambda \sum_i |w_i|":
        "L equals cross-entropy plus lambda times the sum over i of the absolute value of w sub i",
    r"|w_i|": "the absolute value of w sub i",
    r"\pm 1": "plus or minus 1",
    r"\text{lr}\cdot\lambda": "lr times lambda",
    r"|w| < 0.01": "the absolute value of w is less than 0.01",
    # batch size
    r"L_B = \frac{1}{B}\sum_{b=1}^{B} \ell_b":
        "L sub B equals 1 over B times the sum from b equals 1 to B of ell sub b",
    r"1/\sqrt{B}": "1 over the square root of B",
    # capacity
    r"=": "equals",
    r"-": "minus",
    r"\mu w": "mu w",
    r"w \leftarrow w - \eta(\nabla L + \mu w)":
        "w becomes w minus eta times, open paren the gradient of L, plus mu w, close paren",
    r"1/(1-p)": "1 over, open paren 1 minus p, close paren",
    # the Pareto front
    r"\text{acc}_b \ge \text{acc}_a": "acc sub b is greater than or equal to acc sub a",
    r"\text{cost}_b \le \text{cost}_a": "cost sub b is less than or equal to cost sub a",
    r"\sum_\ell (n_{\ell-1} + 1)\, n_\ell":
        "the sum over ell of, open paren n sub ell minus 1, plus 1, close paren, times n sub ell",
}


def said(markdown: str) -> str:
    """`markdown` with each formula typeset and named by its words in SPOKEN."""
    return spoken_math(markdown, SPOKEN)
