"""/tuning in Chromium: every step opens clean, runs launch side by side, the lr knob acts at once."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import open_lesson

pytestmark = pytest.mark.browser

# Every Buffer-backed curve on the page, read from Bokeh's own document: {columns: lengths/values}.
SOURCES_JS = """() => Bokeh.documents.flatMap(d => [...d._all_models.values()])
    .filter(m => m.type === 'ColumnDataSource' || (m.constructor && m.constructor.name === 'ColumnDataSource'))
    .map(m => Object.fromEntries([...(m.data instanceof Map ? m.data.entries() : Object.entries(m.data))]
        .map(([k, v]) => [k, Array.from(v)])))"""


def sources(page) -> list[dict]:
    return page.evaluate(SOURCES_JS)


def test_the_lesson_walks_through_every_step_without_errors(server, watched):
    page = open_lesson(watched, server + "tuning")
    titles = ["One knob, one graph", "A trade-off", "Side by side", "Batch size and noise", "Capacity",
              "The trade-off map", "What others chose", "A challenge", "Check your understanding"]
    for k, title in enumerate(titles, 1):
        expect(page.get_by_text(f"Step {k} of 9")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile(f"{k}. {title}"))).to_be_visible()
        if k < len(titles):
            page.get_by_role("button", name="Next ▶").click()
    expect(page.get_by_text("Key terms")).to_be_visible()
    page.wait_for_timeout(1000)
    assert watched.errors == [] and watched.outside == []


def test_the_lambda_step_shows_its_two_graphs_and_the_goal(server, watched):
    page = open_lesson(watched, server + "tuning?step=2")
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"Validation accuracy \d+\.\d% at step [1-9]")).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Weights near zero \d+\.\d% at step [1-9]")).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Goal: at least 80%.*Now:")).first).to_be_visible()
    page.get_by_role("button", name="❚❚ Pause").click()
    assert watched.errors == []


def test_launching_three_runs_shows_three_curves(server, watched):
    page = open_lesson(watched, server + "tuning?step=3")
    page.get_by_role("button", name="▶ Launch runs").click()
    expect(page.get_by_text(re.compile(r"of 3 runs finished"))).to_be_visible()

    def curves():
        return [s for s in sources(page) if set(s) >= {"x", "y"} and len(s["y"]) >= 3]
    page.wait_for_function(f"() => ({SOURCES_JS})().filter(s => 'y' in s && s.y.length >= 3).length >= 3",
                           timeout=30_000)
    shown = curves()
    assert len(shown) == 3
    assert len({tuple(s["y"][:3]) for s in shown}) == 3  # three different runs, not one drawn thrice
    rows = page.locator("table.runs tr")
    expect(rows).to_have_count(4)  # a header and one row per run
    assert watched.errors == []


def test_moving_the_learning_rate_while_training_changes_the_next_points(server, watched):
    page = open_lesson(watched, server + "tuning?step=1")
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"Training loss .* at step (\d{2,})")).first).to_be_visible(timeout=20_000)
    knob = page.locator(".knob-lr").get_by_role("slider")
    knob.focus()
    knob.press("End")  # the largest rate, 100
    expect(page.get_by_text("Learning rate: 100").first).to_be_visible()

    def loss_and_marks():
        found = sources(page)
        loss = next(s for s in found if set(s) >= {"step", "value"})
        marks = next((s["x"] for s in found if list(s) == ["x"] and s["x"]), [])
        return loss, marks
    # The change is marked, then points trained with the new rate arrive (or the run stops: NaN).
    page.wait_for_function(
        f"""() => {{ const s = ({SOURCES_JS})();
            const m = s.find(c => Object.keys(c).join() === 'x' && c.x.length === 1);
            const l = s.find(c => 'step' in c && 'value' in c);
            return m && l && l.step.filter(x => x > m.x[0]).length >= 2; }}""", timeout=15_000)
    loss, marks = loss_and_marks()
    change = marks[0]
    before = [v for s, v in zip(loss["step"], loss["value"]) if s < change][-20:]
    after = [v for s, v in zip(loss["step"], loss["value"]) if s > change]
    assert before and after, (change, loss["step"][-5:])
    # The loss of step s is measured before step s's update, so the first point after the mark is
    # the last one of the old rate; the next is already far above anything before the change.
    assert max(after[:2]) > 10 * max(before), (change, before[-3:], after[:10])
    assert watched.errors == []
