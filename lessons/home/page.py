"""The course home: one card per lesson, linking to its page."""
import panel as pn

from widgets.course.html import esc


def lesson_card(lesson) -> str:
    return f"""
<a class="lesson-card" href="{esc(lesson.path)}">
  <img src="/assets/thumbs/{esc(lesson.thumbnail)}" alt="" width="280" height="150">
  <div class="card-body">
    <h2>{esc(lesson.title)}</h2>
    <p>{esc(lesson.summary)}</p>
    <span class="minutes">{lesson.minutes} min · {len(lesson.steps)} steps</span>
  </div>
</a>"""


def home_page(lessons) -> pn.viewable.Viewable:
    cards = "".join(lesson_card(lesson) for lesson in lessons)
    return pn.Column(
        pn.pane.HTML("<div class='site-header home-header'><span class='home-link'>Explorables</span></div>",
                     sizing_mode="stretch_width"),
        pn.pane.Markdown("""
# Learn deep learning by doing

Each lesson trains a real PyTorch model on this server while you watch and steer it.
Pick a lesson: it opens with a short introduction, and every step has one thing to do.
""", css_classes=["home-intro"], max_width=900),
        pn.pane.HTML(f"<div class='lesson-cards'>{cards}</div>", sizing_mode="stretch_width"),
        sizing_mode="stretch_width", css_classes=["home-page"])
