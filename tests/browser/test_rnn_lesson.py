"""The RNN lesson in Chromium: the core path, the cell view, the tour and a skipped deeper step."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import close_tour, open_lesson

pytestmark = pytest.mark.browser


def test_the_core_path_walks_through_without_errors(server, watched):
    page = open_lesson(watched, server + "rnn")
    for k in range(1, 6):
        expect(page.get_by_text(f"Step {k} of 10")).to_be_visible()
        page.wait_for_timeout(1200)
        close_tour(page, timeout=1500)
        if k < 5:
            page.get_by_role("button", name="Next ▶").click()
    assert watched.errors == [] and watched.outside == []


def test_a_deeper_step_is_marked_and_can_be_skipped(server, watched):
    page = open_lesson(watched, server + "rnn?step=5")
    jump = page.get_by_role("combobox")
    expect(jump.locator("option", has_text="6. Gates over time · deeper")).to_have_count(1)
    expect(jump.locator("option", has_text="5. Check your understanding · deeper")).to_have_count(0)
    jump.select_option(label="9. Cells compared  · deeper")
    expect(page.get_by_text("Step 9 of 10")).to_be_visible()
    expect(page.get_by_text("deeper · optional")).to_be_visible()


def test_selecting_a_layer_opens_its_cell_view(server, watched):
    page = open_lesson(watched, server + "rnn?step=2")
    page.get_by_role("button", name="Look inside layer 1 ▸").click()
    expect(page.get_by_text("Step 4 of 10")).to_be_visible()
    expect(page).to_have_url(re.compile(r"step=4"))
    expect(page.get_by_label("LSTM cell")).to_be_visible()


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
