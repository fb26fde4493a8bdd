"""Info: an (i) button beside a heading or control that opens its details on demand."""
import panel as pn
import param


class Info(pn.viewable.Viewer):
    """`body` is Markdown (math allowed); hidden until the student asks."""

    title = param.String(default="")
    body = param.String(default="")
    shown = param.Boolean(default=False)

    def __init__(self, **params):
        super().__init__(**params)
        self._toggle = pn.widgets.Toggle(label="i", width=34, button_type="light", css_classes=["info-toggle"])
        self._toggle.link(self, value="shown", bidirectional=True)
        # Filled in when first opened: parsing every (i)'s Markdown and math up front was a third
        # of the server's time to draw the cell step (12 of them).
        self._details = pn.pane.Markdown("", visible=False, css_classes=["info-details"],
                                         sizing_mode="stretch_width")
        self.param.watch(self._refresh, ["shown", "body"])
        self._refresh()

    def _refresh(self, *_):
        if self.shown:
            self._details.param.update(object=self.body, visible=True)
        else:
            self._details.visible = False

    @property
    def button(self):
        return self._toggle

    def __panel__(self):
        return pn.Column(pn.Row(pn.pane.Markdown(f"**{self.title}**", margin=(8, 5)), self._toggle),
                         self._details, sizing_mode="stretch_width")
