"""Escaping for pages built from strings: every value put into HTML (or an Alert's Markdown)
goes through esc(), so a stored row, a drawing or a name is shown as text, never as markup."""
import html
import math
import numbers


def esc(value) -> str:
    """`value` as text safe inside an element or a quoted attribute."""
    return html.escape(str(value), quote=True)


def num(value, spec: str, missing: str = "–") -> str:
    """A number formatted with `spec`; anything else (a crafted stored value, None) escaped,
    or `missing` when absent, so a bad row can neither inject markup nor break the page."""
    if value is None:
        return missing
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value):
        return format(value, spec)
    return esc(value)
