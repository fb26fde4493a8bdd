"""First paint of each lesson against an empty Panel page, in Chromium, in the same run.

For every page, a fresh browser context (nothing cached, as a student's first visit) loads it;
on the browser's clock from navigation start it reads the first contentful paint, the lesson's
first step heading on screen (for the empty page: its one heading), and the step's live view
drawn (no LazyView placeholder left). The empty page is served by a Panel server of its own with
the site's design and CSS (`--serve-empty`), so the ratio is what the lesson adds. Target: a
lesson's heading within 1.2x the empty page's. `python -m bench.first_paint [--repeats N]`.
"""
import argparse
import statistics

import panel as pn

from lessons import LESSONS
from tests.browser.conftest import FLAGS
from widgets.course.shadow_dom import DEEP_FIND

from .served import served_site
from .ws_students import served

TARGET = 1.2
EMPTY_HEADING = "An empty page"

# From navigation start: the first frame whose DOM (open shadow roots included) holds the heading,
# then the first with no LazyView placeholder. Installed before any of the page's scripts run.
WATCH = "(heading) => {" + DEEP_FIND + """
  const walk = (root, test) => { if (test(root)) return true;
    for (const n of root.querySelectorAll('*')) if (n.shadowRoot && walk(n.shadowRoot, test)) return true;
    return false; };
  const has = (root) => [...root.querySelectorAll('h1, h2')].some((h) => h.textContent.trim().startsWith(heading));
  window.__heading = window.__view = null;
  const watch = () => {
    const now = performance.now();
    if (window.__heading === null && document.body && walk(document, has)) window.__heading = now;
    if (window.__heading !== null && !deepFind(document, '.lazy-view')) { window.__view = now; return; }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}"""


def empty_page():
    return pn.Column(pn.pane.Markdown(f"# {EMPTY_HEADING}"), sizing_mode="stretch_width")


def serve_empty(port: int):
    from explorables.site import configure_panel
    configure_panel()
    pn.serve({"/empty": empty_page}, port=port, address="localhost", show=False)


def load(browser, url: str, heading: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(f"({WATCH})({heading!r})")
    page.goto(url)
    page.wait_for_function("window.__view !== null", timeout=60_000)
    fcp = page.evaluate("(performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')"
                        " || performance.getEntriesByType('paint')[0] || {}).startTime || null")
    got = {"fcp": fcp, "heading": page.evaluate("window.__heading"), "view": page.evaluate("window.__view")}
    context.close()
    return got


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--serve-empty", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.serve_empty:
        return serve_empty(a.port)
    from playwright.sync_api import sync_playwright
    pages = [("empty Panel page", None, EMPTY_HEADING)]
    pages += [(lesson.path, lesson.path.strip("/"), "1. ") for lesson in LESSONS]
    results = {name: [] for name, _, _ in pages}
    with served_site() as site, served(["bench.first_paint", "--serve-empty"], "/empty") as (empty, _), \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for _name, path, heading in pages:  # one load of each first: warms the servers, not counted
            load(browser, empty + "/empty" if path is None else site + path, heading)
        for _ in range(a.repeats):  # interleaved, so a busy moment of the machine falls on all alike
            for name, path, heading in pages:
                results[name].append(load(browser, empty + "/empty" if path is None else site + path, heading))
        browser.close()
    def median(values):  # Chromium headless may report no paint entry: shown as none
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else float("nan")
    med = {name: {k: median(r[k] for r in rows) for k in ("fcp", "heading", "view")} for name, rows in results.items()}
    floor = med["empty Panel page"]
    print(f"First paint, Chromium and server on this machine, median of {a.repeats} cold loads (ms from navigation)")
    print(f"{'page':18} {'first paint':>11} {'heading':>8} {'x empty':>8} {'live view':>10} {'x empty':>8}")
    for name, m in med.items():
        print(f"{name:18} {m['fcp']:11.0f} {m['heading']:8.0f} {m['heading'] / floor['heading']:8.2f} "
              f"{m['view']:10.0f} {m['view'] / floor['view']:8.2f}")
    worst = max(m["heading"] / floor["heading"] for name, m in med.items() if name != "empty Panel page")
    print(f"slowest lesson heading {worst:.2f}x the empty page's (target <= {TARGET}x): "
          f"{'met' if worst <= TARGET else 'NOT met'}")
    return med


if __name__ == "__main__":
    main()
