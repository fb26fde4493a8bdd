"""The /rnn page as a student sees it: chart updates per second while training, click latency.

Starts `explorables serve`, drives Debian's Chromium, and reads what the page shows:
how often the loss readout changes while one student trains (target >= 5/s) and how long
Pause and Step take from the click to the page showing their effect (target ~200 ms).
Latency is read on the browser's own clock: from the click event's timestamp to the first
animation frame whose state line shows the effect (Playwright's own click overhead excluded;
its wall time is printed beside it). Pause and Train are shown by the page at once; the time
until the server's own line says so (the worker heard the command) is printed beside it.
Needs the test extras and /usr/bin/chromium (`make test` installs both).
"""
import re
import statistics
import time

from playwright.sync_api import sync_playwright

from tests.browser.conftest import FLAGS, close_tour  # the tests' own helpers
from widgets.course.shadow_dom import DEEP_FIND

from .served import served_site

# Every click's event time, and a watch, armed before the click, that notes the first animation
# frame whose state line matches: a poll started only after Playwright's click returns saw it late.
CLICKS = "window.__clicks = []; document.addEventListener('click', (e) => window.__clicks.push(e.timeStamp), true);"
ARM = "(pattern) => {" + DEEP_FIND + """
  const el = deepFind(document, '.run-state'), clicks = window.__clicks.length;
  const line = el.shadowRoot.querySelector('[data-server]');
  window.__shown = window.__confirmed = null;
  const watch = () => {
    const clicked = window.__clicks.length > clicks, since = performance.now() - window.__clicks.at(-1);
    if (clicked && window.__shown === null && new RegExp(pattern).test(line.textContent)) window.__shown = since;
    if (clicked && window.__confirmed === null && new RegExp(pattern).test(line.dataset.server))
      window.__confirmed = since;
    if (window.__shown === null || window.__confirmed === null) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}"""


def click_until(page, name, pattern, exact=False):
    """ms on the browser's clock from clicking `name` to `pattern` shown, and to the server's own
    line saying it; and ms of wall time of Playwright's click and the wait for the first."""
    page.evaluate(ARM, pattern)
    t0 = time.monotonic()
    page.get_by_role("button", name=name, exact=exact).click()
    page.wait_for_function("window.__shown !== null", timeout=30_000)
    wall = 1000 * (time.monotonic() - t0)
    page.wait_for_function("window.__confirmed !== null", timeout=30_000)
    return page.evaluate("window.__shown"), page.evaluate("window.__confirmed"), wall


def main(argv=None, clicks=7):
    with served_site() as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(base + "rnn?step=3")
            page.get_by_role("button", name="Start the lesson").click()
            close_tour(page)
            readout = page.get_by_text(re.compile(r"^Loss \(MSE\)"))
            state = page.get_by_text(re.compile(r"^(Training|Paused|Ready) · step"))
            rates = {}
            for speed in ("20 steps/s", "as fast as it goes"):
                if speed != "20 steps/s":
                    page.get_by_role("button", name="❚❚ Pause").click()
                    page.get_by_text(re.compile(r"^Paused")).wait_for()
                    slider = page.get_by_role("slider").nth(3)
                    slider.focus()
                    slider.press("End")
                page.get_by_role("button", name="▶ Train").click()
                page.get_by_text(re.compile(r"^Training · step")).wait_for()
                seen, changes, started = readout.inner_text(), 0, time.monotonic()
                while time.monotonic() - started < 6:
                    text = readout.inner_text()
                    changes += text != seen
                    seen = text
                    time.sleep(0.02)
                rates[speed] = changes / 6
            page.evaluate(CLICKS)
            pause, step, train = [], [], []
            for _ in range(clicks):
                page.wait_for_timeout(1500)  # training at full tilt again before the next Pause
                pause.append(click_until(page, "❚❚ Pause", r"Paused · step"))
                page.wait_for_timeout(1500)  # the shown step catches up with the step the worker paused at
                before = int(re.search(r"step (\d+)", state.inner_text()).group(1))
                step.append(click_until(page, "Step", rf"Paused · step {before + 1}\b", exact=True))
                train.append(click_until(page, "▶ Train", r"Training · step"))
            browser.close()
        print("/rnn, one student, Chromium and server on this machine")
        for speed, rate in rates.items():
            print(f"loss readout updates/s while training at {speed:>20s}: {rate:5.1f}")
        for label, times in (("Pause click -> 'Paused' shown", pause), ("Step click -> step +1 shown", step),
                             ("Train click -> 'Training' shown", train)):
            shown, confirmed, wall = zip(*times)
            print(f"{label:32s} median {statistics.median(shown):5.0f} ms, max {max(shown):5.0f} ms; "
                  f"the server's line says it: median {statistics.median(confirmed):5.0f} ms, "
                  f"max {max(confirmed):5.0f} ms "
                  f"(browser clock; Playwright wall median {statistics.median(wall):5.0f} ms), {len(times)} clicks")
        from . import rnn_reading
        rnn_reading.main()


if __name__ == "__main__":
    main()
