"""Every formula a lesson shows is typeset by MathJax and read aloud by a screen reader in words:
html.spoken_math turns each $tex$ and $$tex$$ of a text into markup named by its spoken form."""
import html
import importlib
import pkgutil
import re
from pathlib import Path

import panel as pn
import pytest

import lessons
from lessons import LESSONS
from widgets.course.html import inline_math, spoken_math

ROOT = Path(__file__).resolve().parents[2]
# What Markdown gives MathJax: the HTML Panel's Markdown pane renders, as the browser decodes it.


def rendered(markdown: str) -> str:
    return html.unescape(pn.pane.Markdown(markdown)._transform_object(markdown)["object"])


def test_an_inline_formula_reaches_mathjax_as_written_and_is_named_by_its_words():
    tex = r"\hat{x}_{t+1} = \{a, b\} \odot c_{t-1} < 1"
    out = rendered(f"before {inline_math(tex, 'x hat sub t plus 1 …')} and _after_ it")
    # Markdown neither ate a backslash nor took an underscore for emphasis
    assert r"<span aria-hidden='true'>\(\hat{x}_{t+1} = \{a, b\} \odot c_{t-1} \lt  1\)</span>" in out
    assert "role='math' aria-label='x hat sub t plus 1 …'" in out and "<em>after</em>" in out
    # an HTML pane's markup is read by MathJax as it is: the TeX goes in as written
    assert r"<span aria-hidden='true'>\(c_{t-1}\)</span>" in inline_math("c_{t-1}", "c sub t minus 1", markdown=False)


def test_every_formula_of_a_text_is_named_and_one_without_words_is_refused():
    out = spoken_math(r"the state $h_t$, a step $t$, $\tau$ and $$h_t = o_t$$ then.", {
        "h_t": "h sub t", "h_t = o_t": "h sub t equals o sub t"})
    assert "aria-label='h sub t'" in out and "aria-label='t'" in out and "aria-label='tau'" in out
    assert "class='display-math' role='math' aria-label='h sub t equals o sub t'" in out and "$h_t$" not in out
    # a formula that wraps a line is the same formula
    assert "aria-label='a over b'" in spoken_math("$a /\n b$", {"a / b": "a over b"})
    with pytest.raises(KeyError, match=r"c_t"):
        spoken_math("$c_t$ and $h_t$", {"h_t": "h sub t"})


def lesson_texts():
    """Every string held by a lesson module (step texts, (i) bodies, terms), with where it is."""
    def strings(value, where):
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from strings(v, f"{where}[{k!r}]")
        elif isinstance(value, type) and value.__module__.startswith("lessons."):
            for name, v in vars(value).items():
                if not name.startswith("__"):
                    yield from strings(v, f"{where}.{name}")
    for info in pkgutil.walk_packages(lessons.__path__, "lessons."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            yield from strings(value, f"{info.name}.{name}")


def test_no_lesson_text_shows_raw_tex():
    """A $ left in a text is a formula that never went through spoken_math: shown as typed."""
    raw = [f"{where}: {text[:80]!r}" for where, text in lesson_texts()
           if "$" in re.sub(r"<div aria-hidden='true'>\$\$.*?\$\$</div>", "", text)]
    assert not raw, "\n".join(raw)


@pytest.mark.parametrize("lesson", [lesson.path.strip("/") for lesson in LESSONS])
def test_every_spoken_form_belongs_to_a_formula_of_its_lesson(lesson):
    spoken = importlib.import_module(f"lessons.{lesson}.spoken").SPOKEN
    source = " ".join(" ".join(p.read_text().split()) for p in (ROOT / "lessons" / lesson).rglob("*.py")
                      if p.name != "spoken.py")
    unused = [tex for tex in spoken if f"${' '.join(tex.split())}$" not in source]
    assert not unused, unused


def test_the_lstm_cells_captions_typeset_their_formulas():
    from widgets.rnn.lstm_cell_view import SUBSTEPS, LSTMCellView
    view = LSTMCellView(substep=3)
    assert not view._caption.disable_math  # an HTML pane leaves math alone unless told
    assert r"aria-label='c sub t equals f times c sub t minus 1, plus i times g'" in view._caption.object
    assert not any("$" in caption for caption in SUBSTEPS.values())
