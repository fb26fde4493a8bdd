"""The classroom's plain HTML pages (login, join, messages): small, escaped, no outside requests."""
from html import escape

CSS = "/assets/classroom.css"


def page(title: str, body: str) -> str:
    """A whole page; `body` is trusted HTML built with escape() around every input."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)} · Explorables</title><link rel="stylesheet" href="{CSS}"></head>'
            f'<body><main class="classroom"><h1>{escape(title)}</h1>{body}</main></body></html>')


def login_form(xsrf: str, message: str = "") -> str:
    note = f'<p class="message" role="alert">{escape(message)}</p>' if message else ""
    return page("Instructor login", note + f'''
<form method="post" action="/teach/login">{xsrf}
  <label for="password">Instructor password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" autofocus required>
  <button type="submit">Log in</button>
</form>
<p class="hint">The password is the one given to the server with <code>--instructor-password</code> or
<code>EXPLORABLES_INSTRUCTOR_PASSWORD</code>, or the one printed in its log at its first start.</p>''')


def logout_form(xsrf: str) -> str:
    form = f'<form method="post" action="/teach/logout">{xsrf}<button type="submit">Log out of /teach</button></form>'
    return page("Log out", form)


def join_form(xsrf: str, code: str, class_name: str, lesson_title: str, name: str = "") -> str:
    return page(f"Join {class_name}", f'''
<p>Lesson: <strong>{escape(lesson_title)}</strong> · class code <strong class="code">{escape(code)}</strong></p>
<form method="post" action="/join/{escape(code)}">{xsrf}
  <label for="name">Your name, as your instructor will see it (optional)</label>
  <input id="name" name="name" maxlength="40" value="{escape(name)}" autocomplete="nickname" autofocus>
  <button type="submit">Join the class</button>
</form>''')


def code_form(xsrf: str, message: str = "") -> str:
    note = f'<p class="message" role="alert">{escape(message)}</p>' if message else ""
    return page("Join a class", note + f'''
<form method="post" action="/join">{xsrf}
  <label for="code">Class code</label>
  <input id="code" name="code" maxlength="16" autocapitalize="characters" autocomplete="off" autofocus required>
  <button type="submit">Join</button>
</form>''')
