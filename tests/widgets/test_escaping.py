"""Every value put into a page's HTML is shown as text: an injected <img onerror> creates no element."""
from html.parser import HTMLParser

import pytest

from widgets.course.html import display_math, esc, num

ATTACK = "<img src=x onerror=\"document.title='pwned'\">"


class Tags(HTMLParser):
    def __init__(self, markup: str):
        super().__init__()
        self.tags, self.attrs = [], []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]


def inert(markup: str) -> bool:
    """No injected element or handler, and the text still there, as text."""
    parsed = Tags(markup)
    return ("img" not in parsed.tags and "onerror" not in parsed.attrs
            and ("onerror" in markup or "could not be read" in markup))


def test_esc_and_num():
    assert esc(ATTACK) == "&lt;img src=x onerror=&quot;document.title=&#x27;pwned&#x27;&quot;&gt;"
    assert num(0.125, ".1%") == "12.5%" and num(None, ".1%") == "–" and num(ATTACK, ".2f") == esc(ATTACK)
    assert num(float("nan"), ".2f") == "nan" and num(True, "d") == "True"


def test_a_formula_is_named_by_its_spoken_form_and_its_drawing_hidden_from_screen_readers():
    markup = display_math(r"a < b", spoken="a is less than b")
    parsed = Tags(markup)
    assert parsed.tags == ["div", "div"] and "$$a \\lt  b$$" in markup  # no '<' to open a tag
    assert "role='math' aria-label='a is less than b'" in markup and "aria-hidden='true'" in markup
    assert inert(display_math("x", spoken=ATTACK))


def test_the_high_score_table_shows_a_crafted_row_as_text():
    from lessons.tuning.experiments.challenge import high_scores
    row = {"browser": ATTACK, "measures": {"val_accuracy": 0.9, "seconds": 1.0},
           "settings": {"optimizer": ATTACK, "lr": ATTACK, "batch_size": ATTACK, "depth": ATTACK, "width": ATTACK}}
    assert inert(high_scores([row], me="someone")), high_scores([row], me="someone")


def test_the_run_table_and_details_show_crafted_values_as_text(tmp_path):
    from engine.run_store import configure_run_store
    from lessons.tuning.experiments.common import Identity
    from lessons.tuning.experiments.comparison import Comparison
    from lessons.tuning.experiments.tradeoff import TradeoffExplorer
    store = configure_run_store(str(tmp_path / "runs.sqlite"))
    run_id = store.add("b" * 16, {"optimizer": ATTACK, "lr": ATTACK, "width": ATTACK},
                       {"val_accuracy": 0.8, "seconds": 1.5, "params": ATTACK, "gap": ATTACK})
    explorer = TradeoffExplorer(Identity())
    explorer.map.selected = run_id
    assert inert(explorer.details.object), explorer.details.object
    comparison = Comparison(Identity(), ["lr"])
    comparison.runs = [{"label": ATTACK, "config": {"max_steps": 10}, "update": {
        "steps": 3, "train_seconds": 0.5, "status": "training",
        "evals": [{"val_accuracy": ATTACK, "params": ATTACK}]}}]
    assert inert(comparison.table_html()), comparison.table_html()


def test_a_lesson_title_and_a_step_title_are_text():
    from widgets.course.lesson_page import Lesson, LessonPage
    from widgets.course.step import LessonStep

    class Attack(LessonStep):
        id, title, text = "attack", ATTACK, "hello"

    lesson = Lesson(path="/x", title=ATTACK, summary="", minutes=1, thumbnail="x.svg", intro="", steps=(Attack,))
    page = LessonPage(lesson)
    heading = page._built["attack"].objects[0].object
    assert inert(heading), heading
    assert inert(page.__panel__().objects[0].objects[1].object), page.__panel__().objects[0].objects[1].object


def test_a_run_message_is_shown_as_text():
    import panel as pn
    import param

    from widgets.run.train_controls import TrainControls

    class Settings(param.Parameterized):
        lr = param.Number(0.1)
    controls = TrainControls(settings=Settings(), widgets={"lr": pn.widgets.FloatInput}, message=ATTACK)
    assert inert(controls._alert.object), controls._alert.object


@pytest.mark.parametrize("pixels", [[ATTACK] * 64 * 64, [[1, 2]] * 64 * 64, [300] * 64 * 64,
                                    [float("nan")] * 64 * 64, [1] * 100_000, [ATTACK]])
def test_a_drawing_of_the_wrong_size_or_type_is_refused_with_a_message(pixels):
    from lessons.cnn.session import CnnSession
    session = CnnSession()
    try:
        session.settings.drawing = [0] * 64
        session.canvas.pixels = pixels
        assert inert(session.draw_message.object), session.draw_message.object
        assert "could not be read" in session.draw_message.object
        assert session.settings.drawing == []  # the network reads a validation image again
    finally:
        session.run.close()
