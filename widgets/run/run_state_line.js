// The browser half of RunStateLine (run_state_line.py): the module Panel loads for it (_esm).
export function render({ model, el }) {
  const line = document.createElement('div');
  line.className = 'run-state-line';
  let asked = null;
  const status = (html) => (html.match(/<b>(\w+)<\/b>/) || [null, ''])[1];
  function show() {
    if (asked && (status(model.text) === asked.status || performance.now() > asked.until)) asked = null;
    line.innerHTML = asked ? model.text.replace(/<b>\w+<\/b>/, `<b>${asked.status}</b>`)
                                       .replace(/<span class="rate">.*?<\/span>/, '') : model.text;
    line.dataset.server = model.text.replace(/<[^>]*>/g, '');  // the server's own line, for benchmarks
  }
  model.on('text', show);
  model.on('asked', () => {
    asked = { status: model.asked.split('@')[0], until: performance.now() + model.stale_ms };
    show();
    setTimeout(show, model.stale_ms + 50);
  });
  show();
  el.append(line);
}
