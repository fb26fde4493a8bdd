"""The /rnn page's step changes as a student sees them: from the click on Next to the new step's
heading on screen, and to its live view drawn (the placeholder that asks for it gone).

Read on the browser's own clock, from the click event's timestamp to the first animation frame
that shows each. Needs Debian's Chromium, like bench/rnn_page.py.
"""
from playwright.sync_api import sync_playwright

from lessons.rnn.lesson import STEPS
from tests.browser.conftest import FLAGS, close_tour
from widgets.course.shadow_dom import DEEP_FIND

from .served import served_site

# Armed before the click: notes the first frame with the heading, then the first without a
# LazyView placeholder. Searches every open shadow root each frame (a bench, not the page's cost).
ARM = "(heading) => {" + DEEP_FIND + """
  const walk = (root, test) => { if (test(root)) return true;
    for (const n of root.querySelectorAll('*')) if (n.shadowRoot && walk(n.shadowRoot, test)) return true;
    return false; };
  const hasHeading = (root) => [...root.querySelectorAll('h2')].some((h) => h.textContent.trim() === heading);
  window.__t0 = window.__heading = window.__view = null;
  document.addEventListener('click', (e) => { window.__t0 = e.timeStamp; }, {capture: true, once: true});
  const watch = () => {
    const now = performance.now();
    if (window.__t0 !== null && window.__heading === null && walk(document, hasHeading))
      window.__heading = now - window.__t0;
    if (window.__heading !== null && !deepFind(document, '.lazy-view')) { window.__view = now - window.__t0; return; }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}"""


def main():
    rows = []
    with served_site() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(base + "rnn?step=1")
        page.get_by_role("button", name="Start the lesson").click()
        close_tour(page)
        for k in range(1, len(STEPS)):
            page.wait_for_timeout(1500)  # the page at rest before each click
            badge = " deeper · optional" if STEPS[k].deeper else ""
            page.evaluate(ARM, f"{k + 1}. {STEPS[k].title}{badge}")
            page.get_by_role("button", name="Next ▶").click()
            page.wait_for_function("window.__view !== null", timeout=30_000)
            rows.append((k + 1, page.evaluate("window.__heading"), page.evaluate("window.__view")))
            close_tour(page, timeout=2500)
        browser.close()
    print("/rnn, Next to each step (first visit), Chromium and server on this machine")
    for k, heading, view in rows:
        print(f"step {k:2d}: heading shown {heading:5.0f} ms, view drawn {view:5.0f} ms")


if __name__ == "__main__":
    main()
