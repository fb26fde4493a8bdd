// PresentMode (present.py): the page is on a projector; assets/site.css scales it under html.present.
export function render({ model, el }) {
  document.documentElement.classList.add('present');
  model.on('remove', () => document.documentElement.classList.remove('present'));
  el.style.display = 'none';
}
