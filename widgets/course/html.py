"""Escaping for pages built from strings: every value put into HTML (or an Alert's Markdown)
goes through esc(), so a stored row, a drawing or a name is shown as text, never as markup.
display_math() gives a typeset formula the words a screen reader says for it."""
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


def display_math(tex: str, spoken: str) -> str:
    """A display formula for a Markdown or HTML pane, read aloud as `spoken`.

    MathJax draws `$$tex$$` as an <svg role="img"> with no name (axe: svg-img-alt), so a screen
    reader says nothing or reads out the glyph paths. The drawing is hidden from it and a
    role="math" element around it carries `spoken`, e.g. "p 3 equals 0.91". Blank lines around
    it keep Markdown from wrapping it in a paragraph. `tex` is ours (never a student's text) and
    goes in as written, for MathJax to find; `<` and `>` are given as \\lt and \\gt so they
    cannot open a tag.
    """
    tex = tex.replace("<", r"\lt ").replace(">", r"\gt ")
    return (f"\n\n<div class='display-math' role='math' aria-label='{esc(spoken)}'>"
            f"<div aria-hidden='true'>$${tex}$$</div></div>\n\n")
