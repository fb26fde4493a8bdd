"""Bokeh figures in the site's style. Live plots are plain Bokeh: a ColumnDataSource updated in
place costs ~0.05 ms a push, where a HoloViews Buffer re-rendering its element cost 10-50 ms
and, ten times a second, saturated the page's event loop (see the note on issue 2)."""
from bokeh.models import HoverTool
from bokeh.plotting import figure


def live_figure(height: int, x_label: str, y_label: str, logy: bool = False, **kwargs):
    fig = figure(height=height, sizing_mode="stretch_width", y_axis_type="log" if logy else "linear",
                 tools="", toolbar_location=None, x_axis_label=x_label,
                 y_axis_label=y_label, **kwargs)
    # No pan/zoom toolbar: a live chart that a student zoomed stops following its data, and the
    # icons read as noise on a projector. Labels >= 16 px, readable from the back of a room.
    fig.toolbar.logo = None
    for axis in (fig.xaxis, fig.yaxis):
        axis.axis_label_text_font_size = "13pt"
        axis.major_label_text_font_size = "12pt"
        axis.axis_label_text_font_style = "normal"
    fig.grid.grid_line_alpha = 0.5
    return fig


def add_hover(fig, renderers, fields):
    fig.add_tools(HoverTool(renderers=renderers, tooltips=fields))
