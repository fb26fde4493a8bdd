"""RewindControl: pick one of the run's snapshots and rewind to it (weights and optimiser exactly)."""
import panel as pn
import param


class RewindControl(pn.viewable.Viewer):
    """Fires `rewind` with `index` set to the snapshot picked; by default the last one taken
    before the latest change of a setting, which is what undoing that change needs."""

    snapshots = param.List(default=[], doc="[(step, seconds)] as LiveRun holds them.")
    changes = param.List(default=[], doc="[{step, name, old, new}] as LiveRun holds them.")
    index = param.Integer(default=None, allow_None=True)
    rewind = param.Event()

    def __init__(self, **params):
        super().__init__(**params)
        self._select = pn.widgets.Select(name="Rewind to the snapshot at", width=220, css_classes=["rewind-select"])
        self._button = pn.widgets.Button(label="⟲ Rewind", width=110, align="end", css_classes=["rewind-button"],
                                         description="Weights and optimiser back to that step, exactly")
        self._button.on_click(lambda _: self._fire())
        self._refresh()

    @property
    def suggested(self) -> int | None:
        """The snapshot just before the latest change (else the latest snapshot)."""
        if not self.snapshots:
            return None
        limit = self.changes[-1]["step"] if self.changes else self.snapshots[-1][0]
        before = [i for i, (step, _) in enumerate(self.snapshots) if step <= limit]
        return before[-1] if before else 0

    @param.depends("snapshots", "changes", watch=True)
    def _refresh(self):
        options = {f"step {step}": i for i, (step, _) in enumerate(self.snapshots)}
        self._select.options = options
        self._select.value = self.suggested
        self._button.disabled = not options

    def _fire(self):
        if self._select.value is not None:
            self.index = self._select.value
            self.param.trigger("rewind")

    def __panel__(self):
        return pn.Row(self._select, self._button, css_classes=["rewind"])
