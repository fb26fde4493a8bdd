"""JavaScript shared by the components that look for an element on the page: Panel renders every
component inside its own shadow root, so `document.querySelector` alone finds nothing."""

DEEP_FIND = """
function deepFind(root, selector) {
  const direct = root.querySelector(selector);
  if (direct) return direct;
  for (const node of root.querySelectorAll('*')) {
    const found = node.shadowRoot && deepFind(node.shadowRoot, selector);
    if (found) return found;
  }
  return null;
}
"""
