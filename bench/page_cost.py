"""What one lesson page costs the server's event loop, step by step: the page request (a header and
a placeholder, widgets/course/deferred_page.py), then the lesson (frame, navigator, the step's
text), which the browser asks for once it has drawn the placeholder, and then the step's live
view, asked for once the text is drawn (widgets/course/lazy_view.py). Each is one uninterrupted
stretch of the event loop, during which no other student's page hears from its run.
Target: each of the three <= 250 ms.

Built in-process as a served page builds it (a Bokeh Document as the current document, Panel's
models made for it), so the numbers are the server's work only, not the network's or the
browser's. Runs are not opened (they open when a browser connects). Each figure is the least of
`--repeats` builds: the work itself, less what other processes on the machine took meanwhile.
`python -m bench.page_cost`.
"""
import argparse
import time
from unittest import mock

import panel as pn
from bokeh.document import Document

from explorables.site import _lesson_app, configure_panel
from lessons import LESSONS
from widgets.course.lazy_view import LazyView
from widgets.course.lesson_page import LessonPage

TARGET_MS = 250


def build(lesson, step: str):
    """The page as a request for ?step=<id> builds it; its document and time in ms."""
    doc = Document()
    pn.state.curdoc = doc
    try:
        with mock.patch("widgets.course.lesson_page.query_text", lambda name: step if name == "step" else ""):
            t0 = time.perf_counter()
            page = LessonPage(lesson)
            pn.panel(page).server_doc(doc)
            return page, doc, 1000 * (time.perf_counter() - t0)
    finally:
        pn.state.curdoc = None


def request(lesson) -> float:
    """ms for what a page request builds now: the header and the placeholder."""
    doc = Document()
    pn.state.curdoc = doc
    try:
        t0 = time.perf_counter()
        pn.panel(_lesson_app(lesson)()).server_doc(doc)
        return 1000 * (time.perf_counter() - t0)
    finally:
        pn.state.curdoc = None


def fill_views(page, doc) -> float:
    """ms to build what the step's LazyViews hold, as the browser's request does."""
    pn.state.curdoc = doc
    try:
        loaders = [v for v in page._content.select(LazyView)]
        t0 = time.perf_counter()
        for loader in loaders:
            loader.requested = True
        return 1000 * (time.perf_counter() - t0)
    finally:
        pn.state.curdoc = None


def measure(repeats: int) -> list[dict]:
    rows = []
    for lesson in LESSONS:
        for step in lesson.step_ids:
            requests, pages, views, models = [], [], [], 0
            for _ in range(repeats + 1):  # the first build of a kind warms caches: not counted
                requests.append(request(lesson))
                page, doc, ms = build(lesson, step)
                view_ms = fill_views(page, doc)
                pages.append(ms)
                views.append(view_ms)
                models = len(list(doc.models))
            rows.append({"page": f"{lesson.path}?step={step}", "request_ms": min(requests[1:]),
                         "lesson_ms": min(pages[1:]), "view_ms": min(views[1:]), "models": models})
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args(argv)
    configure_panel()
    rows = measure(a.repeats)
    print(f"{'page':32} {'request ms':>10} {'lesson ms':>9} {'view ms':>8} {'models':>7}")
    for r in rows:
        print(f"{r['page']:32} {r['request_ms']:10.0f} {r['lesson_ms']:9.0f} {r['view_ms']:8.0f} {r['models']:7d}")
    for key, what in (("request_ms", "page request"), ("lesson_ms", "lesson build"), ("view_ms", "step view")):
        worst = max(r[key] for r in rows)
        print(f"slowest {what} {worst:.0f} ms (target <= {TARGET_MS} ms): {'met' if worst <= TARGET_MS else 'NOT met'}")
    return rows


if __name__ == "__main__":
    main()
