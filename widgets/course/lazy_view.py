"""LazyView: a placeholder that asks the server for its content once the browser has drawn it.

A step's text then shows at once and its live view follows: the view's models took the server
0.1-1 s to make and the browser as long again to draw. The request comes back as a browser
event, the context in which Panel sends new Bokeh models reliably: the same fill run from a
server-side next-tick or periodic callback drew the view but lost its later updates.
"""
import param
from panel.custom import JSComponent


class LazyView(JSComponent):
    requested = param.Boolean(default=False)

    _esm = "lazy_view.js"
