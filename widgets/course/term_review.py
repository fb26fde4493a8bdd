"""TermReview: the lesson's key terms as cards to recall, each meaning revealed on demand."""
import panel as pn
import param


class TermReview(pn.viewable.Viewer):
    """`terms` maps a term to its meaning (Markdown). Recalling before revealing is the point."""

    terms = param.Dict(default={})
    revealed = param.List(default=[], doc="Terms whose meaning the student opened.")

    def __init__(self, **params):
        super().__init__(**params)
        self._accordion = pn.Accordion(*[(term, pn.pane.Markdown(meaning, margin=(0, 12)))
                                         for term, meaning in self.terms.items()],
                                       sizing_mode="stretch_width", css_classes=["term-review"])
        self._accordion.param.watch(self._on_open, "active")
        self._progress = pn.pane.Markdown(self.progress_text, css_classes=["term-progress"])

    def _on_open(self, event):
        names = list(self.terms)
        self.revealed = sorted({*self.revealed, *(names[i] for i in event.new)}, key=names.index)
        self._progress.object = self.progress_text

    @property
    def progress_text(self) -> str:
        opened = ", ".join(self.revealed) or "none yet"
        return f"Opened {len(self.revealed)} of {len(self.terms)} terms: {opened}."

    def reveal(self, term: str):
        index = list(self.terms).index(term)
        self._accordion.active = sorted({*self._accordion.active, index})

    def __panel__(self):
        intro = pn.pane.Markdown("Say each term's meaning to yourself, then open it to compare.",
                                 css_classes=["term-hint"])
        return pn.Column(intro, self._accordion, self._progress, sizing_mode="stretch_width")
