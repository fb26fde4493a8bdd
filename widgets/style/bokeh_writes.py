"""Changes to plain Bokeh models sent in the order they were made.

Panel sends its own changes (a step's new plot, a pane's text) through `unlocked()`: serialized at
once and, while the websocket is busy, queued in order. A plain Bokeh change made in a periodic
callback or a click goes by Bokeh's own queue instead, which waits on the same websocket lock and
so can overtake Panel's queue: a chart's stream then reached the browser before the plot it feeds
("reference p2205 isn't known", about one /rnn walk in eight under load). Through `in_order()`
every change takes Panel's queue. Keep one change a block: a held `data = ...` is serialized when
the block ends, and a stream after it in the same block would be sent twice."""
from contextlib import contextmanager

from panel.io.document import unlocked


@contextmanager
def in_order():
    with unlocked():
        yield
