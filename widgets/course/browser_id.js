// The browser half of BrowserId (browser_id.py): the module Panel loads for it (_esm).
export function render({ model, el }) {
  el.style.display = 'none';
  let id = null;
  try { id = window.localStorage.getItem('explorables-browser'); } catch (e) {}
  if (!id) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, '0')).join('');
    try { window.localStorage.setItem('explorables-browser', id); } catch (e) {}
  }
  model.value = id;
}
