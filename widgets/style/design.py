"""The site's design: Panel's Bootstrap design plus our stylesheet inside every component.

Panel renders each component in its own shadow root, so a page-level stylesheet cannot
reach a card or a label; a design modifier hands /assets/site.css to every component.
"""
from panel.theme import Bootstrap
from panel.viewable import Viewable

SITE_CSS = "/assets/site.css"


class SiteDesign(Bootstrap):
    modifiers = {
        **Bootstrap.modifiers,
        Viewable: {"stylesheets": [*Bootstrap.modifiers[Viewable]["stylesheets"], SITE_CSS]},
    }
