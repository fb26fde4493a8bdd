"""The site's one number formatter: significant digits, so 0.00022 reads 0.00022 (never .00022
or 0.000) and a tiny negative stays negative; and the same rule for Bokeh's hover tooltips."""
import math
from numbers import Integral

DIGITS = 3


def significant(value, digits: int = DIGITS) -> str:
    """0.000123 -> "0.000123", 1.5e-07 -> "1.5e-07", 64 -> "64", None -> "–", "adam" -> "adam"."""
    if value is None:
        return "–"
    if isinstance(value, (str, bool)):
        return str(value)
    if isinstance(value, Integral):
        return str(int(value))  # a batch size or a width is exact: 1024, not 1.02e+03
    try:
        value = float(value)  # numpy scalars and 0-d arrays too
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    return f"{value + 0.0 if value == 0 else value:.{digits}g}"  # + 0.0 turns -0.0 into 0


def percent(share: float | None, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage: 0.9731 -> "97.3%"."""
    return "–" if share is None else f"{100 * share:.{decimals}f}%"


def hover_format(field: str, share: bool = False) -> tuple[str, dict]:
    """A Bokeh tooltip value and its formatters, by the same rule as significant()."""
    if share:
        return f"@{field}{{0.0%}}", {}
    return f"@{{{field}}}{{%.{DIGITS}g}}", {f"@{{{field}}}": "printf"}
