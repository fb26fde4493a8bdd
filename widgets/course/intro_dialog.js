// The browser half of FirstVisit (intro_dialog.py): the module Panel loads for it (_esm).
export function render({ model, el }) {
  el.style.display = 'none';
  const key = 'explorables-seen:' + model.key;
  let seen = false;
  try { seen = window.localStorage.getItem(key) === '1'; window.localStorage.setItem(key, '1'); }
  catch (e) { seen = false; }
  if (!seen) { model.first = true; }
}
