"""RunStateLine: the run's one-line state ("<b>Training</b> · step 42 · 20 steps/s") as the server
writes it, except right after the student asks for another status.

While a run trains, the server sends a new line every poll. After a click on Pause, the lines
it sent before it heard of the click still say "Training": shown, they made the line flicker
Paused, Training, Paused. So the browser shows the status asked for (`asked`, set by the
buttons' own JavaScript) until the server's line says it, or for 1.5 s, as LiveRun does.
"""
import param
from panel.custom import JSComponent

STALE_MS = 1500


class RunStateLine(JSComponent):
    text = param.String(default="", doc="The server's line (HTML): the status in <b>, then the step.")
    asked = param.String(default="", doc="'Paused@<browser ms>': the status a click just asked for.")

    _esm = """
    export function render({ model, el }) {
      const line = document.createElement('div');
      line.className = 'run-state-line';
      let asked = null;
      const status = (html) => (html.match(/<b>(\\w+)<\\/b>/) || [null, ''])[1];
      const step = (html) => (html.match(/step (\\d+)/) || [null, '0'])[1];
      function show() {
        if (asked && (status(model.text) === asked.status || performance.now() > asked.until)) asked = null;
        line.innerHTML = asked ? `<b>${asked.status}</b> · step ${step(model.text)}` : model.text;
      }
      model.on('text', show);
      model.on('asked', () => {
        asked = { status: model.asked.split('@')[0], until: performance.now() + %d };
        show();
        setTimeout(show, %d);
      });
      show();
      el.append(line);
    }
    """ % (STALE_MS, STALE_MS + 50)
