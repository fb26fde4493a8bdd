"""The site in Chromium: pages load clean and offline, steps move, training shows, runs are freed."""
import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from .conftest import close_tour, open_lesson, status, wait_until

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["", "rnn", "rnn?step=2", "rnn?step=3", "rnn?step=4", "rnn?step=6", "rnn?step=7"])
def test_every_page_loads_without_errors_or_outside_requests(server, watched, path):
    page = watched.page
    page.goto(server + path)
    expect(page.get_by_text("Explorables").first).to_be_visible()
    page.wait_for_load_state("networkidle")  # every script and stylesheet the page asked for came
    if path:
        expect(page.locator(".step-title").first).to_be_visible()
    assert watched.errors == []
    assert watched.outside == []


def test_the_home_page_links_each_lesson(server, watched):
    page = watched.page
    page.goto(server)
    card = page.locator("a.lesson-card[href='/rnn']")
    expect(card).to_contain_text("min")
    card.click()
    expect(page.get_by_text("Step 1 of 11")).to_be_visible()
    # The page then writes its step into the address (?step=...), so the path is what is compared.
    assert urlparse(page.url).path == "/rnn"


def test_a_trailing_slash_redirects_to_the_lesson(server, watched):
    watched.page.goto(server + "rnn/")
    expect(watched.page.get_by_text("Step 1 of 11")).to_be_visible()


def test_next_and_back_change_the_step_and_the_url(server, watched):
    page = open_lesson(watched, server + "rnn")
    page.get_by_role("button", name="Next ▶").click()
    expect(page.get_by_text("Step 2 of 11")).to_be_visible()
    expect(page).to_have_url(re.compile(r"step=network"))
    page.get_by_role("button", name="◀ Back").click()
    expect(page.get_by_text("Step 1 of 11")).to_be_visible()
    expect(page).to_have_url(re.compile(r"step=memory"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("Step 3 of 11")).to_be_visible()
    page.get_by_role("combobox", name="Jump to a step").select_option(label="5. Check your understanding")
    expect(page.get_by_text("Step 5 of 11")).to_be_visible()


def test_the_browser_back_and_forward_buttons_move_between_steps(server, watched):
    page = open_lesson(watched, server + "rnn")
    for k, sid in ((2, "network"), (3, "train")):
        page.get_by_role("button", name="Next ▶").click()
        expect(page.get_by_text(f"Step {k} of 11")).to_be_visible()
        expect(page).to_have_url(re.compile(rf"step={sid}"), timeout=20_000)  # pushed once the page is idle
    page.go_back()
    expect(page.get_by_text("Step 2 of 11")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"step=network"))
    page.go_back()  # the first entry, /rnn with no ?step
    expect(page.get_by_text("Step 1 of 11")).to_be_visible(timeout=15_000)
    page.go_forward()  # Forward survives: restoring a step pushed no new entry
    expect(page.get_by_text("Step 2 of 11")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"step=network"))
    assert watched.errors == []


def test_a_link_with_a_step_lands_on_that_step(server, watched):
    page = open_lesson(watched, server + "rnn?step=5")
    expect(page.get_by_text("Step 5 of 11")).to_be_visible()
    expect(page.get_by_role("heading", name="5. Check your understanding")).to_be_visible()


def test_present_mode_shows_the_step_large_and_nothing_else(server, watched):
    page = watched.page
    page.goto(server + "rnn?step=train&present=1")
    expect(page.get_by_role("heading", name=re.compile(r"^3\. Train it"))).to_be_visible(timeout=20_000)
    text = page.get_by_text("Your action: press ▶ Train.").first
    size = text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20, size  # readable from the back of a room
    label = page.get_by_role("button", name="Next ▶")
    assert label.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    for hidden in ("Tour this step", "Glossary", "Start the lesson"):  # no header, no dialog, no tour
        expect(page.get_by_role("button", name=hidden)).to_have_count(0)
    label.click()
    expect(page).to_have_url(re.compile(r"step=cell.*present=1|present=1.*step=cell"))
    assert watched.errors == []


def test_the_introduction_opens_on_the_first_visit_only_and_reopens(server, watched):
    page = open_lesson(watched, server + "rnn")
    start = page.get_by_role("button", name="Start the lesson")
    expect(start).to_be_hidden()
    page.reload()
    expect(page.get_by_text("Step 1 of 11")).to_be_visible()
    expect(page.get_by_role("button", name="About this lesson")).to_be_visible()  # the dialog's own render pass
    expect(start).to_be_hidden()
    page.get_by_role("button", name="About this lesson").click()
    expect(start).to_be_visible()


def shown_loss(page) -> tuple[float, int]:
    pattern = r"Loss \(MSE\) ([0-9.e+-]+) at step (\d+)"
    text = page.get_by_text(re.compile(pattern)).first.inner_text()
    match = re.search(pattern, text)
    assert match, text
    return float(match.group(1)), int(match.group(2))


def test_pressing_train_lowers_the_loss_the_page_shows(server, watched):
    page = open_lesson(watched, server + "rnn?step=3")
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"Loss \(MSE\) .* at step")).first).to_be_visible(timeout=15_000)
    first, first_step = shown_loss(page)
    expect(page.get_by_text(re.compile(r"step [6-9]\d|step \d{3}")).first).to_be_visible(timeout=20_000)
    last, last_step = shown_loss(page)
    assert last_step > first_step
    assert last < first / 3, (first, last)
    page.get_by_role("button", name="❚❚ Pause").click()
    expect(page.get_by_text("Paused").first).to_be_visible()
    assert watched.errors == []


def test_a_check_answer_gives_feedback(server, watched):
    page = open_lesson(watched, server + "rnn?step=5")
    page.get_by_role("button", name="It erases the old cell state").click()
    expect(page.get_by_text("Right.").first).to_be_visible()
    page.get_by_role("button", name="It stops the cell from producing any output").click()
    expect(page.get_by_text("Not quite.").first).to_be_visible()


def no_worker_runs(server):
    """Pages are freed a few seconds after they close: wait until the workers hold no run."""
    wait_until(lambda: status(server)["worker_runs"] == 0, 15, "no run on the workers")


def test_closing_the_page_frees_the_run_on_the_server(server, browser):
    no_worker_runs(server)  # those of the earlier tests' pages
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "rnn?step=3")
    page.get_by_role("button", name="Start the lesson").click()
    close_tour(page)
    page.get_by_role("button", name="▶ Train").click()
    expect(page.get_by_text(re.compile(r"Training · step")).first).to_be_visible()
    assert status(server)["worker_runs"] == 1
    context.close()
    no_worker_runs(server)
