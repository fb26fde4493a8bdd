"""StudentView: /teach's read-only panel of one student (student_state.read_student), refreshed
with the dashboard, twice a second: the heading (name, lesson, step), the answers and confirmed
steps, and each run's loss, streamed into a StreamChart (only new points travel). It has no control
that reaches the student: its one button closes the panel.
"""
import html
import time

import panel as pn
import param

from widgets.run.stream_chart import StreamChart

from . import Classroom
from .student_state import read_student


class StudentView(pn.viewable.Viewer):
    """One student's page state, read-only, on /teach. `student` is the id shown ('' : closed);
    the dashboard calls `read()` off its event loop and `show()` on it, twice a second."""

    student = param.String(default="", doc="The student shown; '' hides the view.")

    def __init__(self, classroom: Classroom, **params):
        super().__init__(**params)
        self.classroom = classroom
        self.heading = pn.pane.HTML("", sizing_mode="stretch_width")
        self.close = pn.widgets.Button(label="Close this view", width=150, align="center")
        self.close.on_click(lambda e: setattr(self, "student", ""))
        self.details = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["student-details"])
        self.chart = StreamChart(series=[], label="Loss", height=260, css_classes=["student-curve"],
                                 empty_text="No training yet: the curve shows once the student trains.")
        self.runs = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["student-runs"])
        self._sent: dict[str, tuple[int, int]] = {}  # run id -> (resets, points) the chart holds
        self._series: dict[str, str] = {}            # the chart's line -> the run id it draws
        self.updated = 0                             # how many times show() drew fresh data
        self._opened = 0                             # counts openings: a read from before one is void
        self._layout = pn.Column(
            pn.Row(self.heading, self.close, sizing_mode="stretch_width"), self.details,
            pn.pane.Markdown("#### Their runs: the loss, live"), self.chart, self.runs,
            visible=False, sizing_mode="stretch_width", css_classes=["student-view"])

    def __panel__(self):
        return self._layout

    @param.depends("student", watch=True)
    def _on_student(self):
        self._sent, self._series, self._opened = {}, {}, self._opened + 1
        self.chart.clear()
        self.chart.series = []
        self._layout.visible = bool(self.student)
        if self.student:
            self.heading.object = "<h3>Loading…</h3>"
            self.show(self.read())

    def read(self) -> dict | None:
        """What the view shows of its student now (any thread); None when closed."""
        student = self.student
        if not student:
            return None
        opened, sent = self._opened, dict(self._sent)
        return {"student": student, "opened": opened, "data": read_student(self.classroom, student, sent),
                "time": time.time()}

    def show(self, read: dict | None):
        """Draw a `read()` (on the event loop): only new curve points travel to the browser."""
        if read is None or read["opened"] != self._opened:
            return  # closed, or opened again (another student, or afresh) since it was read
        data = read["data"]
        if data is None:
            self.heading.object = "<h3>No such student in a class.</h3>"
            self.details.object = self.runs.object = ""
            return
        self.heading.object = (
            f'<h3 class="student-heading">{html.escape(data["name"])} · {html.escape(data["lesson_title"])} · '
            f'step <span class="student-step">{html.escape(data["step_title"])}</span></h3>'
            f'<p class="hint">Read-only: what their page shows, as it changes. Last seen '
            f'{max(0, int(read["time"] - data["last_seen"]))} s ago'
            f'{" · training now" if data["training"] else ""}.</p>')
        self.details.object = _details_html(data)
        for run in data["runs"]:
            self._draw(run)
        self.runs.object = _runs_html(data["runs"])
        self.updated += 1

    def _draw(self, run: dict):
        name = self._series_name(run)
        held = self._sent.get(run["id"])
        if held is None or held[0] != run["resets"] or held[1] != run["start"]:
            self.chart.clear(name)  # a new run, a reset, or a gap: its line is drawn afresh
        steps = [s for s, v in zip(run["step"], run["value"]) if v is not None]
        values = [v for v in run["value"] if v is not None]
        if steps:
            self.chart.push(steps, values, series=name)
        source = self.chart.sources[name]
        if "student-curve" not in source.tags:  # a name for the line's data in the browser (tests read it)
            source.tags = [*source.tags, "student-curve"]
        self._sent[run["id"]] = (run["resets"], run["count"])

    def _series_name(self, run: dict) -> str:
        for name, run_id in self._series.items():
            if run_id == run["id"]:
                return name
        name, k = run["label"], 2
        while name in self._series:
            name, k = f"{run['label']} ({k})", k + 1
        self._series[name] = run["id"]
        return name


def _details_html(data: dict) -> str:
    if data["answers"]:
        rows = "".join(
            f'<li class="{"right" if a["correct"] else "wrong"}">{html.escape(a["check"])}: '
            f'<strong>{html.escape(a["answer"])}</strong> '
            f'{"✓ right" if a["correct"] else "✗ wrong"}</li>' for a in data["answers"])
        answers = f'<ul class="student-answers">{rows}</ul>'
    else:
        answers = "<p>No check answered yet.</p>"
    done = (", ".join(html.escape(d["title"]) for d in data["done"])
            if data["done"] else "none yet")
    return (f"<p><strong>Answers to the checks</strong> "
            f"({sum(a['correct'] for a in data['answers'])}/{len(data['answers'])} right)</p>{answers}"
            f'<p><strong>Steps confirmed done:</strong> <span class="student-done">{done}</span></p>')


def _runs_html(runs: list[dict]) -> str:
    if not runs:
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(r['label'])}</td><td>{html.escape(r['status'])}</td>"
        f"<td>{r['latest'][0] if r['latest'] else '–'}</td>"
        f"<td class=\"latest-loss\">{_loss(r['latest'][1]) if r['latest'] else '–'}</td></tr>" for r in runs)
    return ("<table class=\"runs\"><thead><tr><th>Run</th><th>Status</th><th>Step</th><th>Latest loss</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def _loss(value) -> str:
    return "–" if value is None else f"{value:.6g}"
