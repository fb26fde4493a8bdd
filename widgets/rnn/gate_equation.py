"""A gate's equation written with SymPy, then again with the live model's numbers substituted;
each also in the words a screen reader says for it (widgets.course.html.display_math)."""
import sympy as sp

from widgets.style.numbers import significant

ACTIVATIONS = {"i": "sigma", "f": "sigma", "o": "sigma", "g": "tanh"}
NAMES = {"i": "input gate", "f": "forget gate", "g": "candidate", "o": "output gate"}


def gate_terms(gate: str, unit: int, trace_layer: dict, weights: dict, t: int) -> dict:
    """The three parts of one unit's pre-activation at step t, from the traced model.

    w_x = w_ih[row] · x_t, u_h = w_hh[row] · h_{t-1}, b = b_ih[row] + b_hh[row], row = the
    gate's block in torch's (i, f, g, o) order, plus z (their sum as traced) and the gate value.
    """
    hidden = weights["w_hh"].shape[1]
    row = "ifgo".index(gate) * hidden + unit
    x_t, h_prev = trace_layer["x"][t], trace_layer["h_prev"][t]
    return {"w_x": float(weights["w_ih"][row] @ x_t), "u_h": float(weights["w_hh"][row] @ h_prev),
            "b": float(weights["b"][row]), "z": float(trace_layer[f"z_{gate}"][t, unit]),
            "value": float(trace_layer[gate][t, unit])}


def gate_equation(gate: str) -> str:
    """LaTeX of the gate's general equation for one unit."""
    name = r"\sigma" if ACTIVATIONS[gate] == "sigma" else r"\tanh"
    return rf"{gate}_t = {name}\left(W_{gate}\, x_t + U_{gate}\, h_{{t-1}} + b_{gate}\right)"


def gate_equation_spoken(gate: str) -> str:
    """gate_equation() in words."""
    return (f"{gate} sub t equals {ACTIVATIONS[gate]} of, open paren W sub {gate} x sub t, plus U sub {gate} "
            f"h sub t minus 1, plus b sub {gate}, close paren")


def substituted_numbers(gate: str, terms: dict) -> tuple[list[str], str, str]:
    """The three terms as shown (4 significant digits), their sum and the gate's value."""
    shown = {k: float(significant(terms[k], 4)) for k in ("w_x", "u_h", "b")}
    return ([significant(shown[k], 4) for k in ("w_x", "u_h", "b")], significant(sum(shown.values()), 4),
            significant(evaluate_gate(gate, shown), 4))


def gate_substituted(gate: str, terms: dict) -> str:
    """LaTeX of the same equation with the live numbers in it, evaluated by SymPy."""
    name = r"\sigma" if ACTIVATIONS[gate] == "sigma" else r"\tanh"
    parts, total, value = substituted_numbers(gate, terms)
    return (rf"{gate}_t = {name}\left({' + '.join(f'({p})' for p in parts)}\right) = {name}({total})"
            rf" = {value}")


def gate_substituted_spoken(gate: str, terms: dict) -> str:
    """gate_substituted() in words."""
    name = ACTIVATIONS[gate]
    parts, total, value = substituted_numbers(gate, terms)
    return (f"{gate} sub t equals {name} of, open paren {', plus '.join(parts)}, close paren; "
            f"equals {name} of {total}; equals {value}")


def evaluate_gate(gate: str, terms: dict) -> float:
    """What SymPy computes from the substituted terms: tested equal to the traced gate value."""
    z = sp.Symbol("z")
    activation = 1 / (1 + sp.exp(-z)) if ACTIVATIONS[gate] == "sigma" else sp.tanh(z)
    total = sp.Float(terms["w_x"], 17) + sp.Float(terms["u_h"], 17) + sp.Float(terms["b"], 17)
    return float(activation.subs(z, total).evalf(17))
