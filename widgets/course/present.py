"""PresentMode: a lesson shown on a projector (?present=1). It marks the document, so the site's
stylesheet scales every rem-sized text (body about 25 px) for the back of the room. Invisible."""
from panel.custom import JSComponent


class PresentMode(JSComponent):
    _esm = "present.js"
