"""Escaping for pages built from strings: every value put into HTML (or an Alert's Markdown)
goes through esc(), so a stored row, a drawing or a name is shown as text, never as markup.
display_math() and inline_math() give a typeset formula the words a screen reader says for it;
spoken_math() does it for every formula of a Markdown text."""
import html
import math
import numbers
import re
import string
from collections.abc import Mapping


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


def inline_math(tex: str, spoken: str, markdown: bool = True) -> str:
    """A formula inside a sentence of a Markdown pane (or, `markdown` False, an HTML pane), read
    aloud as `spoken`.

    MathJax here finds inline math between \\( and \\) only (a single $ is shown as typed). Markdown
    would take TeX's backslashes for its escapes and its underscores for emphasis (`\\{` became
    `{`, `_{t+1}$ ... $x_` italics), so every ASCII punctuation character of the formula goes in
    as an HTML entity: Markdown passes each through as the character, for MathJax to find. An
    HTML pane takes it as written: Panel's MathJax reads its markup before the browser would turn
    entities into characters, so there they would hide the formula.
    """
    tex = r"\(" + tex.replace("<", r"\lt ").replace(">", r"\gt ") + r"\)"
    typed = "".join(f"&#{ord(c)};" if c in string.punctuation else c for c in tex) if markdown else tex
    return (f"<span class='inline-math' role='math' aria-label='{esc(spoken)}'>"
            f"<span aria-hidden='true'>{typed}</span></span>")


# $$display$$ first, then $inline$; neither spans a blank line (a paragraph's end).
FORMULA = re.compile(r"\$\$((?:(?!\n\s*\n).)+?)\$\$|\$((?:(?!\n\s*\n)[^$])+?)\$", re.S)
# Said as they are: a letter, a number, a Greek letter.
SELF_SPOKEN = re.compile(r"[A-Za-z]|-?\d+(\.\d+)?|\\(alpha|beta|gamma|delta|epsilon|eta|theta|lambda|mu|"
                         r"sigma|tau|phi|psi|omega)")


def spoken_math(markdown: str, spoken: Mapping[str, str], html: bool = False) -> str:
    """`markdown` (or, `html` True, an HTML pane's markup) with every $$tex$$ made display_math()
    and every $tex$ inline_math(), each read
    as `spoken[tex]` (a lone letter, number or Greek letter as itself: "t", "tau"), the TeX's
    spaces and line breaks counted as one space.

    Lesson texts are written with their formulas as TeX, and their spoken forms kept beside them
    (a lesson's spoken.py); a formula without one is an error, raised when the text is built.
    """
    missing, spoken = [], {" ".join(tex.split()): said for tex, said in spoken.items()}

    def named(match: re.Match) -> str:
        tex = " ".join((match.group(1) or match.group(2)).split())  # a formula may wrap a line
        said = spoken.get(tex)
        if said is None and SELF_SPOKEN.fullmatch(tex):
            said = tex.lstrip("\\")
        if said is None:
            missing.append(tex)
            return ""
        return display_math(tex, said) if match.group(1) else inline_math(tex, said, markdown=not html)

    text = FORMULA.sub(named, markdown)
    if missing:
        raise KeyError(f"no spoken form for {', '.join(map(repr, missing))}")
    return text
