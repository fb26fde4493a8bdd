"""RewindControl: the site's one way back in time: pick one of a run's snapshots (a slider over
them, read out as its step) and rewind the weights and the optimiser to it, exactly."""
import panel as pn
import param


class RewindControl(pn.viewable.Viewer):
    """`index` is the snapshot picked; `rewind` fires when the button is pressed. New snapshots
    move the pick to the latest while it follows the run (until the student picks an older one); a
    new change of a setting picks the last snapshot before that change (what undoing it needs)."""

    snapshots = param.List(default=[], doc="[(step, seconds)] as LiveRun holds them.")
    changes = param.List(default=[], doc="[{step, name, old, new}] as LiveRun holds them.")
    index = param.Integer(default=None, allow_None=True, doc="The snapshot picked (its position in snapshots).")
    rewind = param.Event(doc="Pressed: rewind the run to snapshots[index].")
    every = param.Integer(default=None, allow_None=True, doc="Steps between snapshots, said in the note.")

    def __init__(self, **params):
        super().__init__(**params)
        self._slider = pn.widgets.IntSlider(name="Snapshot", start=0, end=1, value=0, width=300,
                                            show_value=False, css_classes=["snapshot-slider"])
        self._note = pn.pane.HTML(css_classes=["snapshot-note"], margin=(18, 10, 0, 10))
        self._button = pn.widgets.Button(label="⟲ Rewind", width=110, align="end", css_classes=["rewind-button"],
                                         description="Weights and optimiser back to that step, exactly")
        self._button.on_click(lambda _: self._fire())
        self._slider.param.watch(self._on_slider, "value")
        self._follow = True  # the pick moves to each new snapshot
        self._on_snapshots()
        if self.changes:
            self._on_changes()

    @property
    def suggested(self) -> int | None:
        """The snapshot just before the latest change (else the latest snapshot)."""
        if not self.snapshots:
            return None
        limit = self.changes[-1]["step"] if self.changes else self.snapshots[-1][0]
        before = [i for i, (step, _) in enumerate(self.snapshots) if step <= limit]
        return before[-1] if before else 0

    @property
    def step(self) -> int | None:
        """The step of the snapshot picked."""
        return None if self.index is None else self.snapshots[self.index][0]

    @property
    def note_text(self) -> str:
        if not self.snapshots:
            return "No snapshots yet."
        every = f" (one kept every {self.every} steps)" if self.every else ""
        return f"<b>step {self.step}</b>: snapshot {self.index + 1} of {len(self.snapshots)}{every}"

    @param.depends("snapshots", watch=True)
    def _on_snapshots(self, *_):
        n = len(self.snapshots)
        follow = self._follow or self.index is None or n == 0
        # One property (end) per new snapshot: relaying out a slider with labelled options ten
        # times a second starved the page at full training speed.
        self._slider.param.update(end=max(n - 1, 1), disabled=n < 2)
        self._pick(n - 1 if follow else min(self.index, n - 1))
        self._follow = follow

    @param.depends("changes", watch=True)
    def _on_changes(self):
        self._pick(self.suggested)
        self._follow = not self.changes

    def follow(self, run, setting: str | None = None) -> "RewindControl":
        """Keep to a LiveRun's snapshots and setting changes (only `setting`'s when named);
        pressing Rewind restores the run to the snapshot picked."""
        def update(*_):
            changes = [c for c in run.changes if setting is None or c["name"] == setting]
            self.param.update(snapshots=run.snapshots, changes=changes)

        run.param.watch(update, ["snapshots", "changes"])
        self.param.watch(lambda _: run.handle.restore(self.index), "rewind")
        if self.every is None:
            self.every = run.run_options.get("snapshot_every")
        update()
        return self

    def _on_slider(self, event):
        if self.snapshots:
            self.index = event.new
            self._follow = event.new >= len(self.snapshots) - 1

    def _pick(self, index: int | None):
        if index is None or index < 0:
            self.index = None
        else:
            self.index = index
            self._slider.value = index
        self._button.disabled = not self.snapshots
        self._note.object = self.note_text

    @param.depends("index", watch=True)
    def _on_index(self):
        if self.index is not None and self._slider.value != self.index:
            self._slider.value = self.index
        self._note.object = self.note_text

    def _fire(self):
        if self.index is not None:
            self.param.trigger("rewind")

    def __panel__(self):
        return pn.Row(self._slider, self._note, self._button, css_classes=["rewind"])
