"""JavaScript shared by the components that look for an element on the page: Panel renders every
component inside its own shadow root, so `document.querySelector` alone finds nothing."""
from pathlib import Path

DEEP_FIND = (Path(__file__).parent / "deep_find.js").read_text()
