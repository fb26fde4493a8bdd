import holoviews as hv

hv.extension("bokeh")  # as a served page does: options need a plotting backend
