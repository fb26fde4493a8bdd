// The browser half of LabelledCheckbox (checkbox.py): a native checkbox wrapped in its label.
export function render({ model, el }) {
  const label = document.createElement('label');
  label.className = 'labelled-checkbox';
  const box = document.createElement('input');
  box.type = 'checkbox';
  const words = document.createElement('span');
  label.append(box, words);
  const show = () => { box.checked = model.value; words.textContent = model.label; };
  box.addEventListener('change', () => { model.value = box.checked; });
  model.on('value', show);
  model.on('label', show);
  show();
  el.append(label);
}
