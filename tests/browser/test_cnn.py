"""The CNN lesson in Chromium: every step opens clean, a clicked map opens its explanation,
training raises the accuracy the page shows."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import open_lesson, wait_drawn

pytestmark = pytest.mark.browser
STEPS = 13


def test_next_walks_every_step_without_errors_or_outside_requests(server, watched):
    page = open_lesson(watched, server + "cnn")
    for k in range(1, STEPS + 1):
        expect(page.get_by_text(f"Step {k} of {STEPS}")).to_be_visible()
        # A step is built on its first visit; on 2 busy cores the charts' step can take seconds.
        expect(page.get_by_role("heading", name=re.compile(rf"^{k}\. "))).to_be_visible(timeout=20_000)
        wait_drawn(page)
        if k < STEPS:
            page.get_by_role("button", name="Next ▶").click()
    expect(page).to_have_url(re.compile(r"step=wrapup"))
    page.get_by_role("button", name="◀ Back").click()  # the checks and the key-term review
    expect(page).to_have_url(re.compile(r"step=check"))
    expect(page.get_by_text("Key terms")).to_be_visible()
    wait_drawn(page)
    expect(page.locator(".step-content").get_by_text(re.compile(r"^Opened 0 of \d+ terms"))).to_be_visible()
    assert watched.errors == []
    assert watched.outside == []


def a_map(page, name):
    """The overview's button for one map, e.g. "pool1 map 1"."""
    return page.get_by_role("button", name=name, exact=True)


def test_clicking_a_map_opens_its_explanation(server, watched):
    page = open_lesson(watched, server + "cnn?step=3")
    expect(page.get_by_text("Explained below: conv1_1, map 0: computed from input")).to_be_visible(timeout=20_000)
    # With a detail open the overview is compact: still every layer, every map a button.
    a_map(page, "pool1 map 0").click()
    expect(page.get_by_text("Explained below: pool1, map 0: 2×2 max pooling of relu1_2")).to_be_visible()
    a_map(page, "pool1 map 1").click()
    expect(page.get_by_text("Explained below: pool1, map 1: 2×2 max pooling of relu1_2")).to_be_visible()
    expect(page.get_by_text(re.compile(r"→ output cell \(0, 0\)")).first).to_be_visible()
    expect(a_map(page, "pool1 map 1")).to_have_attribute("aria-pressed", "true")
    a_map(page, "relu1_2 map 0").click()
    expect(page.get_by_text("Explained below: relu1_2, map 0: ReLU of conv1_2")).to_be_visible()
    # From the keyboard: down to the next map of the layer, right to the layer beside it, Enter.
    page.keyboard.press("ArrowDown")
    expect(a_map(page, "relu1_2 map 1")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(a_map(page, "pool1 map 1")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Explained below: pool1, map 2: 2×2 max pooling of relu1_2")).to_be_visible()
    expect(a_map(page, "pool1 map 2")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("Step 3 of 13")).to_be_visible()  # the arrows moved between maps, not steps
    assert watched.errors == []


def inside(box: dict, width: int, height: int) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


# An element's text through Panel's shadow roots (inner_text stops at the first one), styles left out.
DEEP_TEXT = """e => { const parts = [];
  (function walk(n) { if (n.shadowRoot) walk(n.shadowRoot);
    for (const c of n.childNodes) { if (c.nodeType === 3) parts.push(c.textContent);
                                   else if (!['STYLE', 'SCRIPT'].includes(c.nodeName)) walk(c); } })(e);
  return parts.join(' ').replace(/\\s+/g, ' ').trim(); }"""


def settled(page, locator):
    """The element once its grow-out-of-the-map animation has ended (a box measured mid-way is scaled)."""
    page.wait_for_function("e => e.getAnimations().length === 0", arg=locator.element_handle())
    return locator.bounding_box()


# Each detail step, the map it opens with, and another map of its kind to click.
DETAIL_STEPS = [("conv", "conv1_1, map 0", "conv1_2 map 3"), ("relu", "relu1_1, map 0", "relu2_1 map 5"),
                ("pool", "pool1, map 0", "pool2 map 9")]


@pytest.mark.parametrize("step, first, other", DETAIL_STEPS)
def test_the_whole_overview_and_the_explanation_fit_one_1280x800_screen(server, watched, step, first, other):
    watched.page.set_viewport_size({"width": 1280, "height": 800})
    page = open_lesson(watched, server + f"cnn?step={step}")
    wait_drawn(page)
    overview, detail = page.locator(".map-overview"), page.locator(".detail-view")
    expect(detail).to_contain_text(f"Explained below: {first}")
    heading = page.locator(".step-title h2")
    lines = heading.evaluate("h => { const r = document.createRange(); r.selectNodeContents(h);"
                             " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }")
    assert lines == 1, heading.inner_text()
    maps = page.get_by_role("button", name=re.compile(r"^\w+ map \d+$"))
    expect(maps).to_have_count(121)  # every map of every layer, none folded away
    # conv1_1 map 0, pool1 map 7, conv2_1 map 0, pool2 map 15: one row, left to right
    boxes = [maps.nth(k).bounding_box() for k in (1, 40, 41, 120)]
    assert all(b["width"] >= 24 and b["height"] >= 24 for b in boxes), boxes  # the context: thumbnails
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 300, boxes
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"] < boxes[3]["x"], boxes
    shown = detail.evaluate(DEEP_TEXT)
    for when in ("opened", f"after clicking {other}"):
        for name, part in (("overview", overview), ("detail", detail)):
            box = settled(page, part)
            assert inside(box, 1280, 800), (when, name, box)
        explained = first if when == "opened" else other.replace(" map ", ", map ")
        chosen = a_map(page, explained.replace(", map ", " map ")).bounding_box()
        assert chosen["width"] >= 48 and chosen["height"] >= 48, (when, chosen)  # the map explained: full size
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, when
        if when == "opened":
            a_map(page, other).click()
            layer, channel = other.split(" map ")
            expect(detail).to_contain_text(f"Explained below: {layer}, map {channel}:")
            assert detail.evaluate(DEEP_TEXT) != shown
            expect(a_map(page, other)).to_have_attribute("aria-pressed", "true")
    assert watched.errors == []


def test_the_explanation_grows_out_of_the_clicked_map(server, watched):
    page = open_lesson(watched, server + "cnn?step=relu")
    wait_drawn(page)
    detail = page.locator(".detail-view")
    expect(detail).to_contain_text("Explained below: relu1_1, map 0")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Animation.enable")
    cdp.send("Animation.setPlaybackRate", {"playbackRate": 0.01})  # 320 ms become 32 s: seen, not raced
    a_map(page, "relu1_2 map 4").click()
    assert detail.evaluate("e => e.getAnimations().length") == 1
    cdp.send("Animation.setPlaybackRate", {"playbackRate": 1})
    expect(detail).to_contain_text("Explained below: relu1_2, map 4")
    assert watched.errors == []


def test_the_maps_are_drawn_at_least_48_px_and_the_overview_fits_the_width(server, watched):
    page = open_lesson(watched, server + "cnn?step=overview")
    maps = page.get_by_role("button", name=re.compile(r"^\w+ map \d+$"))
    expect(maps).to_have_count(121, timeout=20_000)  # 1 + 5 * 8 + 5 * 16 with every column open
    for k in (0, 60, 120):
        box = maps.nth(k).bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    expect(page.get_by_role("button", name=re.compile(r"^flatten: \d+ values$"))).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile(r"^logits \d: "))).to_have_count(10)
    assert watched.errors == []


def shown_accuracy(page) -> tuple[float, int]:
    pattern = r"Validation accuracy ([0-9.]+)% at step (\d+)"
    text = page.get_by_text(re.compile(pattern)).first.inner_text()
    match = re.search(pattern, text)
    assert match, text
    return float(match.group(1)) / 100, int(match.group(2))


def test_pressing_train_raises_the_accuracy_the_page_shows(server, watched):
    page = open_lesson(watched, server + "cnn?step=8")
    expect(page.get_by_text(re.compile(r"Validation accuracy .* at step 0")).first).to_be_visible(timeout=20_000)
    first, _ = shown_accuracy(page)
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"Validation accuracy .* at step ([6-9]\d|\d{3})")).first).to_be_visible(
        timeout=30_000)
    last, step = shown_accuracy(page)
    assert last > first + 0.3, (first, last, step)
    expect(page.get_by_text(re.compile(r"First-layer filters at step [1-9]"))).to_be_visible()
    page.get_by_role("button", name="❚❚ Pause").click()
    expect(page.get_by_text("Paused").first).to_be_visible()
    assert watched.errors == []


def test_an_architecture_that_does_not_fit_gets_a_message_not_a_traceback(server, watched):
    page = open_lesson(watched, server + "cnn?step=11")
    page.get_by_role("button", name="4", exact=True).first.click()   # blocks
    page.get_by_role("button", name="0", exact=True).first.click()   # padding
    page.get_by_role("button", name="Build this network and train it").click()
    expect(page.get_by_text(re.compile(r"block \d is too small")).first).to_be_visible()
    assert watched.errors == []


def draw(page, strokes):
    """Drag the mouse along each stroke, given in fractions of the drawing canvas."""
    canvas = page.get_by_role("application", name="drawing canvas: draw here")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    for stroke in strokes:
        (x0, y0), rest = stroke[0], stroke[1:]
        page.mouse.move(box["x"] + x0 * box["width"], box["y"] + y0 * box["height"])
        page.mouse.down()
        for x, y in rest:
            page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=8)
        page.mouse.up()


def shown_probabilities(page) -> str:
    probs = page.locator(".drawn-probabilities")
    expect(probs).to_be_visible(timeout=20_000)
    return probs.inner_text()


def test_a_drawn_digit_changes_the_probabilities_shown(server, watched):
    page = open_lesson(watched, server + "cnn?step=10")
    expect(page.get_by_text("Draw a digit: the network's answer appears here.")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Train 200 batches").click()
    expect(page.get_by_text("Batches trained so far: 200")).to_be_visible(timeout=30_000)
    draw(page, [[(0.5, 0.1), (0.5, 0.9)]])                       # a 1
    expect(page.get_by_text(re.compile(r"The network says \d .* for your drawing"))).to_be_visible(timeout=20_000)
    first = shown_probabilities(page)
    draw(page, [[(0.2, 0.15), (0.8, 0.15)], [(0.8, 0.15), (0.35, 0.9)]])  # over it: a 7-like shape
    expect(page.locator(".drawn-probabilities")).not_to_have_text(first, timeout=20_000)
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_text(re.compile("The canvas is blank"))).to_be_visible(timeout=20_000)
    assert watched.errors == [], (watched.errors, watched.outside)


def test_a_shared_link_opens_the_students_input_layer_and_map(server, watched):
    page = open_lesson(watched, server + "cnn?step=3&input=12&layer=conv1_2&map=4")
    expect(page.get_by_text("Explained below: conv1_2, map 4: computed from relu1_1")).to_be_visible(timeout=20_000)
    # Clicking another map moves the place in the address bar.
    a_map(page, "pool1 map 1").click()
    expect(page.get_by_text("Explained below: pool1, map 1")).to_be_visible(timeout=20_000)
    expect(page).to_have_url(re.compile(r"layer=pool1&map=1|map=1&layer=pool1"))
    page.get_by_role("button", name="◀ Back").click()
    page.get_by_role("button", name="◀ Back").click()
    expect(page.get_by_text(re.compile(r"Your input: image 12, a \d"))).to_be_visible(timeout=20_000)
    assert watched.errors == [], (watched.errors, watched.outside)


def test_choosing_shapes_names_the_shapes_in_the_softmax_column(server, watched):
    page = open_lesson(watched, server + "cnn")
    page.get_by_role("button", name="Coloured shapes").click()
    expect(page).to_have_url(re.compile(r"data=shapes"), timeout=20_000)
    expect(page.get_by_text(re.compile(r"Your input: image 0, a (circle|square|triangle|cross)"))).to_be_visible(
        timeout=20_000)
    page.get_by_role("button", name="Next ▶").click()
    expect(page.get_by_text(re.compile(r"The network says (circle|square|triangle|cross) "))).to_be_visible(
        timeout=20_000)
    rows = page.get_by_role("button", name=re.compile(r"^softmax (circle|square|triangle|cross): \d"))
    expect(rows).to_have_count(4)
    rows.first.hover()
    expect(page.locator(".fmg-tip")).to_have_text(re.compile(r"^(circle|square|triangle|cross): \d"))
    assert watched.errors == [], (watched.errors, watched.outside)
