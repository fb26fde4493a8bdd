"""The site's design: Panel's Bootstrap design plus our stylesheet inside every component.

Panel renders each component in its own shadow root, so a page-level stylesheet cannot
reach a card or a label; a design modifier hands /assets/site.css to every component, after the
palette's colours as CSS variables (site.css names them, var(--blue), and never types one).
"""
from panel.theme import Bootstrap
from panel.viewable import Viewable

from widgets.style.palette import css_variables

SITE_CSS = "/assets/site.css"
PALETTE_CSS = css_variables()


class SiteDesign(Bootstrap):
    modifiers = {
        **Bootstrap.modifiers,
        Viewable: {"stylesheets": [*Bootstrap.modifiers[Viewable]["stylesheets"], PALETTE_CSS, SITE_CSS]},
    }
