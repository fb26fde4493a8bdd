"""A lesson in Jupyter: the extensions and styles the site loads, loaded into the notebook.

The site serves assets/site.css at /assets; a notebook has no such route, so the stylesheet goes
in inline. Training runs on the same engine pool as the site (engine.pool.shared_pool).
"""
from pathlib import Path

import panel as pn

from widgets.style.design import PALETTE_CSS

SITE_CSS_FILE = Path(__file__).resolve().parents[2] / "assets" / "site.css"
_loaded = False


def load_notebook_extensions():
    """Once per kernel, before the first page is built (Panel wants its extensions up front)."""
    global _loaded
    if not _loaded:
        css = SITE_CSS_FILE.read_text() if SITE_CSS_FILE.exists() else ""
        pn.extension("mathjax", "modal", raw_css=[PALETTE_CSS, css], notifications=False,
                     sizing_mode="stretch_width")
        _loaded = True
