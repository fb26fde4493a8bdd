"""RunStateLine: a run's (or a group's) one-line state as the server writes it, its status the first
bold word ("<b>Training</b> · step 42<span class="rate"> · 20 steps/s</span>"), except right after
the student asks for another status.

While a run trains, the server sends a new line every poll. After a click on Pause, the lines
it sent before it heard of the click still say "Training": shown, they made the line flicker
Paused, Training, Paused. So the browser shows the status asked for (`asked`, set by the
buttons' own JavaScript) in the server's latest line, without its rate, until the server's line
says it, or for 1.5 s, as LiveRun does.
"""
import panel as pn
import param
from panel.custom import JSComponent
from panel.links import Callback

STALE_MS = 1500  # also LiveRun's: how long a status asked for outlasts the worker's older news


class RunStateLine(JSComponent):
    text = param.String(default="", doc="The server's line (HTML): the status in <b>, then the step.")
    asked = param.String(default="", doc="'Paused@<browser ms>': the status a click just asked for.")
    stale_ms = param.Integer(default=STALE_MS, constant=True, doc="How long the status asked for is shown.")

    _esm = "run_state_line.js"


def ask_on_click(button, line: RunStateLine, status: str, code: str = "", **args):
    """A click on `button` shows `status` on `line` at once, in the browser; `code` (JavaScript,
    with `args`) does more there. The button's Python callback still acts on the server."""
    button.js_on_click(args=dict(line=line, **args),
                       code=f"line.data.asked = '{status}@' + performance.now();\n{code}")
    _forget_when_closed(button)


def _forget_when_closed(button):
    """Panel keeps a widget's JavaScript callbacks in a class-wide registry keyed weakly by the
    widget, but the callback refers to the widget again (its args): the entry, and through it the
    whole page, was never freed (about 2 MB per closed session). Dropped with the session."""
    doc = pn.state.curdoc
    if doc is not None and doc.session_context is not None:
        doc.on_session_destroyed(lambda _context: Callback.registry.pop(button, None))
