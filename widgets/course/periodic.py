"""every(): a periodic callback on this session's event loop whose model changes go out in order.

A change made from a plain periodic callback is written by Bokeh at once, while the page's own
changes (a view built when the browser asked for it) may wait in Panel's write queue behind a
large message: a plot's new data then reached the browser before the plot itself, and Bokeh said
"reference p2065 isn't known" (1 walk in 8 of the /rnn lesson, under load). Inside Panel's hold,
the callback's changes join that queue and keep their order; one message per tick, too.
"""
import panel as pn


def every(callback, period_ms: int):
    """pn.state.add_periodic_callback(callback) with its changes held and sent in order."""

    def held():
        with pn.io.hold():
            callback()

    return pn.state.add_periodic_callback(held, period=period_ms)
