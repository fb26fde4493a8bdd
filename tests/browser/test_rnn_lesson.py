"""The RNN lesson in Chromium: the core path, the cell view, the tour and a skipped deeper step."""
import re

import pytest
from playwright.sync_api import expect

from widgets.course.shadow_dom import DEEP_FIND

from .conftest import open_lesson, wait_drawn

pytestmark = pytest.mark.browser


def test_the_core_path_walks_through_without_errors(server, watched):
    page = open_lesson(watched, server + "rnn")
    for k in range(1, 6):
        expect(page.get_by_text(f"Step {k} of 11")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile(rf"^{k}\. "))).to_be_visible(timeout=20_000)
        wait_drawn(page)
        if k < 5:
            page.get_by_role("button", name="Next ▶").click()
    assert watched.errors == [] and watched.outside == []


def test_a_deeper_step_is_marked_and_can_be_skipped(server, watched):
    page = open_lesson(watched, server + "rnn?step=5")
    jump = page.get_by_role("combobox")
    expect(jump.locator("option", has_text="6. Gates over time · deeper")).to_have_count(1)
    expect(jump.locator("option", has_text="5. Check your understanding · deeper")).to_have_count(0)
    jump.select_option(label="9. Cells compared  · deeper")
    expect(page.get_by_text("Step 9 of 11")).to_be_visible()
    expect(page.get_by_text("deeper · optional")).to_be_visible()


def test_selecting_a_layer_opens_its_cell_view(server, watched):
    page = open_lesson(watched, server + "rnn?step=2")
    page.get_by_role("button", name="Look inside layer 1 ▸").click()
    expect(page.get_by_text("Step 4 of 11")).to_be_visible()
    expect(page).to_have_url(re.compile(r"step=cell"))
    expect(page.get_by_role("img", name="LSTM cell")).to_be_visible()


def test_the_sub_step_animation_advances_and_shows_live_values(server, watched):
    page = open_lesson(watched, server + "rnn?step=4")
    page.get_by_role("button", name="Next sub-step").click()
    expect(page.get_by_text(re.compile(r"^1 · Receive"))).to_be_visible()
    page.get_by_role("button", name="Next sub-step").click()
    expect(page.get_by_text(re.compile(r"^2 · Gates"))).to_be_visible()
    page.get_by_role("button", name="Show values").click()
    # The forget gate's value is a sigmoid: printed, it lies between 0 and 1.
    value = page.locator("text[data-part='f']")
    expect(value).to_have_text(re.compile(r"^0\.\d+$|^1$"))


def test_the_tour_waits_for_the_student_to_press_train(server, watched):
    page = open_lesson(watched, server + "rnn?step=3", keep_tour=True)
    title = page.locator(".driver-popover-title")
    expect(title).to_have_text("Start training")
    expect(page.get_by_role("button", name="Next →")).to_have_count(0)
    page.get_by_role("button", name="▶ Train").click()
    expect(title).to_have_text("The loss")
    expect(page.get_by_text(re.compile(r"Training · step"))).to_be_visible()


def test_the_cell_steps_tour_loads_a_trained_model(server, watched):
    page = open_lesson(watched, server + "rnn?step=4", keep_tour=True)
    title = page.locator(".driver-popover-title")
    expect(title).to_have_text("Load a trained model")
    page.get_by_role("button", name="Load a trained model").click()
    expect(title).to_have_text("Play one time step")
    # Trained on the worker now: the run's own state line counts the prepared steps.
    expect(page.get_by_text(re.compile(r"^(Ready|Paused) · step 200$"))).to_be_visible(timeout=60_000)


def test_the_check_steps_tour_waits_for_an_answer(server, watched):
    page = open_lesson(watched, server + "rnn?step=5", keep_tour=True)
    title = page.locator(".driver-popover-title")
    expect(title).to_have_text("Answer a question")
    page.locator(".check-option").first.get_by_role("button").click()
    expect(title).to_have_text("The key terms")
    expect(page.get_by_text(re.compile(r"^(Right|Not quite)\."))).to_be_visible()


def test_a_walk_through_the_core_path_doing_each_action(server, watched):
    """Each core step's action, done as a student would; prints how long the walk took."""
    import time

    from lessons.rnn.steps.check import CHECKS as CORE
    page = open_lesson(watched, server + "rnn")
    started = time.monotonic()
    # 1: train both networks until each has a loss.
    page.get_by_role("button", name="▶ Train all").click()
    expect(page.get_by_text(re.compile(r"no memory\) \d\S* · LSTM \(with memory\) \d"))).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="❚❚ Pause all").click()
    page.get_by_role("button", name="Next ▶").click()
    # 2: one training step shown phase by phase, then taken on the live model.
    page.get_by_role("button", name="Show one training step slowly").click()
    expect(page.get_by_text(re.compile(r"^4 · Update"))).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"· step 1$"))).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Next ▶").click()
    # 3: train until the loss has fallen for 100 steps, then pause.
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"^Loss \(MSE\) .* at step \d{3,}"))).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="❚❚ Pause").click()
    expect(page.get_by_text(re.compile(r"^Paused · step"))).to_be_visible()
    page.get_by_role("button", name="Next ▶").click()
    # 4: play the cell, then show the live values.
    page.get_by_role("button", name="▶ Play").click()
    expect(page.get_by_text(re.compile(r"^2 · Gates"))).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Show values").click()
    expect(page.locator("text[data-part='f']")).to_have_text(re.compile(r"^0\.\d+$|^1$"))
    page.get_by_role("button", name="Next ▶").click()
    # 5: answer every check.
    for k, check in enumerate(CORE):
        page.get_by_role("button", name=check.options[check.answer], exact=True).click()
        expect(page.get_by_text(re.compile(r"^Right\."))).to_have_count(k + 1)
    print(f"\ncore path walked with each step's action: {time.monotonic() - started:.1f} s")
    assert watched.errors == [] and watched.outside == []


# Every animation frame's state line for 2 s, from just before the click (not awaited).
WATCH_STATE = "() => {" + DEEP_FIND + """
  const el = deepFind(document, '.run-state'), seen = [], t0 = performance.now();
  window.__frames = null;
  const watch = () => {
    seen.push([...el.shadowRoot.children].filter((c) => c.tagName === 'DIV').map((c) => c.textContent).join(''));
    if (performance.now() - t0 < 2000) { requestAnimationFrame(watch); } else { window.__frames = seen; }
  };
  requestAnimationFrame(watch);
}"""


def test_pause_shows_at_once_and_never_flickers_back_to_training(server, watched):
    """While training, the server's lines sent before it heard of Pause still say Training: the
    state line must not show them, and the buttons must end as the server sets them."""
    page = open_lesson(watched, server + "rnn?step=3")
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"^Training · step \d{2,}"))).to_be_visible(timeout=60_000)
    page.evaluate(WATCH_STATE)
    page.get_by_role("button", name="❚❚ Pause").click()
    lines = page.wait_for_function("window.__frames").json_value()
    first = next(i for i, line in enumerate(lines) if line.startswith("Paused"))
    assert first > 0 and lines[first - 1].startswith("Training"), lines
    assert all(line.startswith("Paused") for line in lines[first:]), lines
    expect(page.get_by_role("button", name="▶ Train")).to_be_enabled()
    expect(page.get_by_role("button", name="❚❚ Pause")).to_be_disabled()
    expect(page.get_by_role("button", name="Step", exact=True)).to_be_enabled()
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"^Training · step"))).to_be_visible()
    expect(page.get_by_role("button", name="❚❚ Pause")).to_be_enabled()
    assert watched.errors == [] and watched.outside == []
