"""Every control usable by keyboard alone: the /cnn map grid, the /tuning trade-off map and the
/cnn drawing are reached with Tab from the top of the page and operated with the arrow keys,
Space and Enter; no mouse, no click (issue 16)."""
import os
import re
import tempfile

import pytest
from playwright.sync_api import expect

from engine import examples
from engine.store import Store

from .conftest import open_lesson, start_server, wait_drawn

pytestmark = pytest.mark.browser

# The element that has the keyboard's focus, looked for down through the shadow roots Panel draws.
FOCUSED = """() => { let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a && {tag: a.tagName.toLowerCase(), role: a.getAttribute('role'), name: a.getAttribute('aria-label'),
               classes: [...(a.getRootNode().host || a).classList]}; }"""


@pytest.fixture(scope="module")
def server():
    """A server whose store already holds three finished example runs for the trade-off map (the
    examples the site trains itself come one by one, at the lowest priority)."""
    db = os.path.join(tempfile.mkdtemp(prefix="explorables-test-"), "runs.sqlite")
    store = Store(db)
    for k, (accuracy, seconds) in enumerate([(0.81, 0.4), (0.93, 0.9), (0.88, 1.6)]):
        store.runs.add(examples.BROWSER, {"lr": 0.01 * (k + 1), "batch_size": 32},
                       {"val_accuracy": accuracy, "train_accuracy": accuracy + 0.02, "seconds": seconds,
                        "params": 1000 * (k + 1), "gap": 0.02, "status": "finished"},
                       {"step": [0, 100], "val_accuracy": [0.1, accuracy], "train_accuracy": [0.1, accuracy + 0.02]},
                       examples.LESSON, examples.KIND, example=True)
    store.flush()
    store.close()
    proc, base = start_server(db)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def tab_to(page, wanted, what: str, limit: int = 150) -> int:
    """Press Tab until `wanted(focused)` holds for the focused element (FOCUSED's dict); the
    number of presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and wanted(focused):
            return presses
    raise AssertionError(f"{what} not reached in {limit} presses of Tab; the focus ended on {focused}")


def test_the_map_grid_from_the_keyboard(server, watched):
    """/cnn: Tab reaches the overview's maps (one Tab stop), the arrows move between maps, Enter
    explains the one with the focus."""
    page = open_lesson(watched, server + "cnn?step=conv")
    wait_drawn(page)
    expect(page.get_by_text("Explained below: conv1_1, map 0")).to_be_visible(timeout=20_000)
    tab_to(page, lambda f: re.fullmatch(r"conv1_1 map 0", f["name"] or ""), "the selected map's button")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("button", name="conv1_1 map 1", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Explained below: conv1_1, map 1: computed from input")).to_be_visible(timeout=20_000)
    assert watched.errors == []


def test_the_tradeoff_map_from_the_keyboard(server, watched):
    """/tuning: a plot's points take no focus; the select under the map lists the same runs,
    cheapest first, and choosing one there selects it on the map and shows its details."""
    page = open_lesson(watched, server + "tuning?step=map")
    expect(page.get_by_text(re.compile(r"3 finished runs"))).to_be_visible(timeout=30_000)
    tab_to(page, lambda f: f["tag"] == "select" and "run-picker" in f["classes"], "the run picker")
    picker = page.get_by_role("combobox", name="Or choose a run")
    expect(picker.locator("option")).to_have_text(["– none –", re.compile(r"^81.0% .*0.4, an example, on the front"),
                                                   re.compile(r"^93.0% .*0.9, an example, on the front"),
                                                   re.compile(r"^88.0% .*1.6, an example$")])
    details = page.locator(".run-details")
    page.keyboard.press("ArrowDown")  # from "none" to the cheapest run
    expect(details).to_contain_text("81.0% validation accuracy in", timeout=20_000)
    page.keyboard.press("ArrowDown")  # the next one, on the front: the step's goal
    expect(details).to_contain_text("93.0% validation accuracy in", timeout=20_000)
    expect(page.get_by_text("✓ Done: you opened a run on the Pareto front")).to_be_visible()
    assert watched.errors == []


def test_the_drawing_from_the_keyboard(server, watched):
    """/cnn: Tab reaches the canvas; Space puts the pen down, the arrows draw a stroke, Space lifts
    the pen and the drawing becomes the network's input."""
    page = open_lesson(watched, server + "cnn?step=draw")
    expect(page.get_by_text("Draw a digit: the network's answer appears here.")).to_be_visible(timeout=20_000)
    tab_to(page, lambda f: f["tag"] == "canvas" and f["role"] == "application", "the drawing canvas")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    expect(page.get_by_text(re.compile(r"^Pen down"))).to_be_visible()
    for _ in range(6):
        page.keyboard.press("ArrowDown")  # a 1: 24 of the canvas's 64 pixels, top to bottom
    page.keyboard.press("Space")
    expect(page.get_by_text(re.compile(r"The network says \d .* for your drawing"))).to_be_visible(timeout=20_000)
    expect(page.locator(".drawn-probabilities")).to_be_visible()
    expect(page.get_by_text("Step 10 of 13")).to_be_visible()  # the arrows drew; they did not change step
    assert watched.errors == []
