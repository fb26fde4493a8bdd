"""Tour: an onboarding tour with driver.js (MIT, installed from npm at set-up, served by us).

Stops point at real controls, found by a CSS class (css_classes=["tour-train"]) searched
through every open shadow root, since Panel renders each component inside one. A stop with
`wait` hides Next and moves on only when the student does the action (clicks the element).
"""
from pathlib import Path

import param
from panel.custom import JSComponent

from widgets.course.shadow_dom import DEEP_FIND

DRIVER = "/assets/node_modules/driver.js/dist"


def stop(selector: str, title: str, text: str, wait: bool = False) -> dict:
    """One stop of a tour: highlight the element with class `selector`; `wait` for its click."""
    return {"selector": selector, "title": title, "text": text, "wait": wait}


class Tour(JSComponent):
    """Set `stops`, then `start()`; `finished` counts tours run to their end or closed."""

    stops = param.List(default=[])
    runs = param.Integer(default=0, doc="Bumped by start(): the browser starts the tour, or marks it "
                         "skipped (data-tour-state) when none of its stops is on the page.")
    finished = param.Integer(default=0)
    active = param.Boolean(default=False)

    driver = param.String(default=DRIVER, doc="Where our server serves driver.js.", constant=True)

    # deepFind is prepended: a module Panel loads from a string cannot import a sibling file.
    _esm = DEEP_FIND + (Path(__file__).parent / "tour.js").read_text()

    def start(self):
        self.runs += 1
