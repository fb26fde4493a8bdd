"""The floor for the class benches: a minimal Panel page, one Bokeh plot streaming one point per
session every `--period` ms. `python -m bench.floor_page --port P` serves it at /floor."""
import argparse
import math

import panel as pn
from bokeh.models import ColumnDataSource
from bokeh.plotting import figure


def floor_page(period_ms: int):
    source = ColumnDataSource({"step": [], "value": []})
    fig = figure(height=250, sizing_mode="stretch_width", x_axis_label="training step", y_axis_label="value")
    fig.line("step", "value", source=source)
    count = [0]

    def tick():
        count[0] += 1
        source.stream({"step": [count[0]], "value": [math.exp(-count[0] / 500)]}, rollover=2000)

    pn.state.add_periodic_callback(tick, period=period_ms)
    return pn.Column("# Floor", pn.pane.Bokeh(fig, sizing_mode="stretch_width"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--period", type=int, default=200, help="ms between two points of a session")
    a = ap.parse_args(argv)
    pn.serve({"/floor": lambda: floor_page(a.period)}, port=a.port, address="localhost", show=False,
             websocket_origin=[f"localhost:{a.port}"], unused_session_lifetime_milliseconds=3000,
             check_unused_sessions_milliseconds=1000)


if __name__ == "__main__":
    main()
