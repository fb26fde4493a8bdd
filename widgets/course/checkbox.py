"""LabelledCheckbox: a tick box inside its own <label>, so a screen reader names it by its words
and a click on the words ticks it. Panel's Checkbox is Bokeh 3.9's, which puts the words in a
<div> beside an <input> that nothing names (axe: label, critical)."""
import param
from panel.custom import JSComponent


class LabelledCheckbox(JSComponent):
    """`value` is True while ticked; `label` is the words beside the box, also its accessible name."""

    value = param.Boolean(default=False, doc="Ticked.")
    label = param.String(default="", doc="What ticking it does, e.g. 'Show only my runs'.")

    _esm = "checkbox.js"
