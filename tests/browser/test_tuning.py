"""/tuning in Chromium: every step opens clean, runs launch side by side, the lr knob acts at once."""
import re

import pytest
from playwright.sync_api import expect

from engine.defaults import CHALLENGE_STEPS

from .conftest import open_lesson, wait_drawn

pytestmark = pytest.mark.browser

# Every curve on the page, read from Bokeh's own document: {column: values}.
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
        expect(page.get_by_text(f"Step {k} of 10")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile(f"{k}. {title}"))).to_be_visible()
        if k < len(titles):
            page.get_by_role("button", name="Next ▶").click()
    expect(page.get_by_text("Key terms")).to_be_visible()
    wait_drawn(page)
    expect(page.locator(".step-content").get_by_text(re.compile(r"^Opened 0 of \d+ terms"))).to_be_visible()
    page.get_by_role("button", name="Next ▶").click()
    expect(page.get_by_role("heading", name=re.compile("10. Wrap-up"))).to_be_visible()
    expect(page.get_by_text("Step 10 of 10")).to_be_visible()
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
        return [s for s in sources(page) if set(s) >= {"step", "value"} and len(s["value"]) >= 3]
    page.wait_for_function(f"() => ({SOURCES_JS})().filter(s => 'value' in s && s.value.length >= 3).length >= 3",
                           timeout=30_000)
    shown = curves()
    assert len(shown) == 3
    assert len({tuple(s["value"][:3]) for s in shown}) == 3  # three different runs, not one drawn thrice
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


def test_rewinding_puts_the_curve_and_the_step_count_back_to_the_snapshot(server, watched):
    page = open_lesson(watched, server + "tuning?step=1")
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"Training loss .* at step \d{3}")).first).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="❚❚ Pause").click()
    expect(page.get_by_text(re.compile(r"Paused · step \d+"))).to_be_visible()
    handle = page.locator(".rewind").get_by_role("slider")
    handle.focus()
    handle.press("Home")  # snapshot 1: step 0; one every 25 steps
    handle.press("ArrowRight")
    handle.press("ArrowRight")
    expect(page.locator(".rewind").get_by_text(re.compile(r"step 50: snapshot 3 of"))).to_be_visible()
    page.get_by_role("button", name="⟲ Rewind").click()
    expect(page.get_by_text("Training loss").filter(has_text=re.compile(r"at step 50$")).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Paused · step 50$"))).to_be_visible()
    # The chart is cleared and redrawn from the rewound history: read it once it is drawn again.
    page.wait_for_function(SOURCES_JS.replace("() =>", "() => (") + ").some(s => s.step && s.value && s.step.length)")
    loss = next(s for s in sources(page) if set(s) >= {"step", "value"} and len(s["step"]))
    assert max(loss["step"]) == 50 and len(loss["step"]) <= 50  # the curve after step 50 is gone
    assert watched.errors == []


# The screen position of the first run drawn on the trade-off map, from Bokeh's own view of it.
POINT_JS = """() => {
  const col = (d, k) => d instanceof Map ? d.get(k) : d[k];
  const scatter = r => r.glyph && r.glyph.type === 'Scatter' && r.data_source.get_length() > 0
      && col(r.data_source.data, 'id') !== undefined;
  const v = Bokeh.index.all_views().find(v => v.model.type === 'Figure' && v.model.renderers.some(scatter));
  if (!v) return null;
  const d = v.model.renderers.find(scatter).data_source.data;
  const x = col(d, 'x')[0], y = col(d, 'y')[0], box = v.canvas_view.el.getBoundingClientRect();
  return {x, y, px: box.left + v.frame.x_scale.compute(x), py: box.top + v.frame.y_scale.compute(y)};
}"""


def test_clicking_a_point_on_the_map_shows_that_runs_settings_and_curves_and_only_mine_filters(server, watched):
    page = open_lesson(watched, server + "tuning?step=3")
    page.get_by_role("button", name="▶ Launch runs").click()
    expect(page.get_by_text(re.compile(r"3 of 3 runs finished"))).to_be_visible(timeout=120_000)
    page.goto(server + "tuning?step=6")
    expect(page.get_by_text(re.compile(r"\d+ finished runs"))).to_be_visible(timeout=30_000)
    page.wait_for_function(f"() => ({POINT_JS})() !== null", timeout=30_000)
    at = page.evaluate(POINT_JS)
    page.mouse.click(at["px"], at["py"])
    details = page.locator(".run-details")
    expect(details.get_by_text(re.compile(r"validation accuracy in"))).to_be_visible(timeout=20_000)
    expect(details).to_contain_text(f"{at['y']:.1%} validation accuracy")  # the clicked run, not another
    expect(details).to_contain_text("learning rate")  # settings in words, not internal names
    expect(details).not_to_contain_text("batch_size")
    page.wait_for_function(f"() => ({SOURCES_JS})().filter(s => 'value' in s && s.value.length > 1).length >= 2",
                           timeout=20_000)
    ends = [s["value"][-1] for s in sources(page) if "value" in s and len(s["value"]) > 1]
    assert pytest.approx(at["y"]) in ends  # its validation curve ends at its final accuracy
    # The box is named by its words, and a click on the words ticks it (widgets/course/checkbox.py).
    page.get_by_text("Show only my runs").click()
    expect(page.get_by_role("checkbox", name="Show only my runs")).to_be_checked()
    expect(page.locator(".map-summary")).to_contain_text(
        "3 finished runs: 3 yours, 0 from the rest of the class, 0 examples")
    assert watched.errors == []


def test_a_challenge_attempt_lands_in_the_class_table(server, watched):
    page = open_lesson(watched, server + "tuning?step=8")
    page.get_by_role("button", name="▶ Start an attempt").click()
    result = page.locator(".challenge-result")
    expect(result).to_contain_text(re.compile(r"ranks \d+ of \d+"), timeout=60_000)
    expect(result).to_contain_text(f"after {CHALLENGE_STEPS} steps")  # the budget, whatever the load
    accuracy = re.search(r"(\d+\.\d%) validation accuracy", result.locator("p").inner_text()).group(1)
    page.get_by_role("button", name="◀ Back").click()
    expect(page.get_by_text("Step 7 of 10")).to_be_visible()
    rows = page.locator(".high-scores tr").filter(has_text="you")
    expect(rows.first).to_contain_text(accuracy, timeout=20_000)
    assert watched.errors == []


def test_the_tour_points_at_the_knob_after_the_student_presses_train(server, watched):
    page = open_lesson(watched, server + "tuning", keep_tour=True)
    title = page.locator(".driver-popover-title")
    expect(title).to_have_text("Start training", timeout=15_000)
    page.get_by_role("button", name="▶ Train").click()
    expect(title).to_have_text("The one knob")
    expect(page.get_by_text(re.compile(r"Training · step"))).to_be_visible()
    assert watched.errors == []
