"""A page built once the browser has drawn its first frame, not when its HTML is requested.

The request then costs the server a header and a placeholder instead of a lesson's frame and
text (87-274 ms measured, one uninterrupted stretch of the event loop each): 60 plain GETs of a
lesson by a script, with no browser behind them, build no lesson at all and no longer stop
another student's chart. A browser asks for the page through the same LazyView a step's live
view comes by, the context in which Panel sends new models reliably.
"""
from typing import Callable

import panel as pn

from widgets.course.html import esc
from widgets.course.lazy_view import LazyView


def deferred_page(build: Callable[[], pn.viewable.Viewable], title: str) -> pn.Column:
    """A column showing `title` until the browser asks for the page, then what build() returns."""
    header = pn.pane.HTML(f"<a class='home-link' href='/'>Explorables</a> "
                          f"<span class='lesson-title'>{esc(title)}</span>",
                          css_classes=["site-header"], sizing_mode="stretch_width")
    loader = LazyView(height=400, sizing_mode="stretch_width")
    page = pn.Column(header, loader, sizing_mode="stretch_width")

    def fill(*_):
        page.objects = [build()]
    loader.when_requested(fill)
    return page
