// deepFind(root, selector): querySelector that also looks inside every shadow root.
function deepFind(root, selector) {
  const direct = root.querySelector(selector);
  if (direct) return direct;
  for (const node of root.querySelectorAll('*')) {
    const found = node.shadowRoot && deepFind(node.shadowRoot, selector);
    if (found) return found;
  }
  return null;
}
