"""LiveRun: binds one engine RunHandle to a page's controls, loss chart and views.

The page never touches torch: it sends commands through the handle and, on its own event
loop (a periodic callback), drains the updates the worker sent and shows them.
"""
import collections
import time
import weakref

import panel as pn
import param

from engine.pool import RunHandle, RunPool, merge_updates
from widgets.course.owner import session_owner
from widgets.run.run_state_line import STALE_MS
from widgets.run.stream_chart import StreamChart
from widgets.run.train_controls import TrainControls
from widgets.style.bokeh_writes import in_order

# A session whose browser left but that Bokeh keeps alive (a client that never sent
# document_ready kept /tuning's runs training for good) frees its runs after this long alone.
ALONE_SECONDS = 5.0


# One page may hold this many runs open at once; more is refused with a message. /rnn opens
# the most: 11 when every step has been visited.
RUNS_PER_SESSION = 16
# Commands a page may send in one second; more are ignored (200 clicks froze the class 7.5 s).
COMMANDS_PER_SECOND = 5
BUSY = "Still carrying out your last clicks: this one was ignored."
# Other pages (tabs) of one browser that may be training while it starts a run here (in this
# server process); a page's own runs are bounded by RUNS_PER_SESSION. 20 training tabs of one
# student cut another student's chart to 0.34x its rate (bench/noisy_neighbour.py).
TRAINING_TABS_PER_BROWSER = 2
TRAINING_ELSEWHERE = ("This browser is already training in {n} other tabs. Pause the training there "
                      "(or close those tabs), then press ▶ Train here.")
# Commands a page gives its run before the browser has connected (a lesson preparing its run);
# they are carried out, in order, once it connects. More than this is no page's doing.
PENDING_COMMANDS = 200
_open_runs: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # document -> its open LiveRuns


def tabs_training(owner: str, but=None) -> int:
    """How many of `owner`'s pages (documents), the page `but` aside, have a run training now."""
    return sum(1 for doc, runs in list(_open_runs.items()) if doc is not but and any(
        run.owner == owner and run.status == "training" for run in list(runs)))


def page_is_live() -> bool:
    """True where a page can poll its runs: a served session, or a Jupyter kernel (whose event
    loop runs periodic callbacks between cells)."""
    return pn.state.curdoc is not None or in_notebook()


def in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in shell.config


def page_runs(doc) -> list["LiveRun"]:
    """The runs a page (its Bokeh document) has open now."""
    return [] if doc is None else list(_open_runs.get(doc, ()))


class TooManyRuns(RuntimeError):
    pass


class PendingHandle:
    """The run of a page whose browser has not connected yet: a plain GET of a lesson must not put
    a run on the pool (60 GETs of /cnn froze the class 25 s). Commands are kept, in order, for
    the real RunHandle the page gets once the browser connects."""

    closed = False

    def __init__(self, resume: dict | None = None):
        self.commands: list[tuple[str, tuple, dict]] = []
        self.resume = resume  # a saved state the run reopens from (LiveRun.resume)

    def _keep(self, op, *args, **kwargs):
        if len(self.commands) < PENDING_COMMANDS:
            self.commands.append((op, args, kwargs))

    def train(self): self._keep("train")
    def pause(self): self._keep("pause")
    def reset(self): self._keep("reset")
    def step(self, n: int = 1): self._keep("step", n)
    def set(self, **hyper): self._keep("set", **hyper)
    def snapshot(self): self._keep("snapshot")
    def restore(self, index: int): self._keep("restore", index)
    def evaluate(self): self._keep("evaluate")
    def watch(self, *views: str): pass  # the run opens watching what the page watches then

    def updates(self) -> list[dict]:
        return []

    def close(self):
        self.closed = True


def connections(doc) -> int | None:
    """How many websockets the server session of `doc` has (0 while Bokeh still builds it); None
    outside a served session."""
    context = getattr(doc, "session_context", None)
    if context is None:
        return None
    session = getattr(context, "_session", None)
    return 0 if session is None else session.connection_count


class LiveRun(param.Parameterized):
    """`views` holds the latest data of each watched view (e.g. "prediction"), for plots to bind."""

    status = param.String(default="ready")
    steps = param.Integer(default=0)
    message = param.String(default="")
    notice = param.String(default="", doc="What the engine says about the run itself (a trainer restart).")
    views = param.Dict(default={})
    hyper = param.Dict(default={})
    evals = param.List(default=[], doc="Held-out measures so far: [{step, seconds, ...}].")
    snapshots = param.List(default=[], doc="[(step, seconds)] of the snapshots the run keeps.")
    changes = param.List(default=[], doc="[{step, name, old, new}]: settings changed, acting from step + 1.")

    loss = param.Number(default=None, allow_None=True, doc="The latest training loss the worker sent.")
    held = param.String(default="", doc="Why Train is refused now (an instructor paused the class); '' = free.")

    views_period = param.Number(default=0.2, doc="Seconds between view redraws; the loss streams every poll.")

    def __init__(self, pool: RunPool, task: str, settings: param.Parameterized, task_args=None,
                 watch=(), chart: StreamChart | None = None, controls: TrainControls | None = None,
                 run_options: dict | None = None, unsent=(), series: str | None = None, **params):
        super().__init__(**params)
        self.pool, self.task, self.settings, self.watch = pool, task, settings, list(watch)
        self.chart, self.controls = chart, controls
        self.series = series  # this run's line in `chart` (None: its first line)
        self.task_args = dict(task_args or {})
        self.run_options = dict(run_options or {})  # probe_every, eval_every, snapshot_every
        self.unsent = set(unsent)  # settings this task does not have: kept on the page, never sent
        self._rate, self._smoothed = (time.monotonic(), 0), 0.0
        self._views_at, self._pending_views = 0.0, None
        self._callback, self._stale = None, None
        self._doc, self._alone_since, self._commands = pn.state.curdoc, None, collections.deque()
        self._home: set = set()  # the open runs of this run's page, for RUNS_PER_SESSION
        self.owner = session_owner()  # the browser's signed id (None: not known, no limit across pages)
        self.handle: RunHandle | PendingHandle = PendingHandle()
        self._claim()
        if connections(self._doc) != 0:  # no served session (a test, a notebook), or one already connected
            self.connect()
        settings.param.watch(self._on_setting, [p for p in settings.param if p != "name"])
        if controls is not None:
            controls.param.watch(lambda _: self._accept() and self.command("train"), "train")
            controls.param.watch(lambda _: self._accept() and self.command("pause"), "pause")
            controls.param.watch(lambda _: self._accept() and self.handle.step(1), "step_once")
            controls.param.watch(lambda _: self._accept() and self.handle.reset(), "reset")

    def _accept(self) -> bool:
        """Rate-limits this page's commands: past COMMANDS_PER_SECOND a click is ignored, and said so."""
        now = time.monotonic()
        while self._commands and now - self._commands[0] > 1.0:
            self._commands.popleft()
        if len(self._commands) >= COMMANDS_PER_SECOND:
            if self.controls is not None:
                self.controls.message = BUSY
            return False
        self._commands.append(now)
        return True

    def command(self, op: str):
        """Train or pause, shown at once: updates already on their way from the worker still
        carry the old status, so that status is ignored until the worker answers (or 1.5 s)."""
        refusal = self.held if op == "train" else ""
        if op == "train" and not refusal and self.owner is not None:
            busy = tabs_training(self.owner, but=self._doc)
            refusal = TRAINING_ELSEWHERE.format(n=busy) if busy >= TRAINING_TABS_PER_BROWSER else ""
        if refusal:
            if self.controls is not None:
                self.controls.message = refusal
            else:  # a run of a group: the group shows each run's message
                self.message = refusal
            return
        getattr(self.handle, op)()
        expected = {"train": "training", "pause": "paused"}[op]
        if self.status != expected and self.status in ("ready", "training", "paused"):
            self._stale = (self.status, time.monotonic() + STALE_MS / 1000)
            self.status = expected
            if self.controls is not None:
                self.controls.status = expected

    def prepare(self, steps: int, **hyper):
        """Load a prepared state, trained now on the worker, never a stored figure: fresh weights
        from the run's fixed seed, `hyper` set (the settings show it), then `steps` steps."""
        self.handle.pause()
        self.settings.param.update(**hyper)  # sent to the run before the reset, in order
        self.handle.reset()
        self.handle.step(steps)

    def _hyper_names(self):
        return [p for p in self.settings.param if p != "name" and p not in self.unsent]

    @property
    def key(self) -> str:
        """A name for this run that is the same on the student's next visit (the store's key)."""
        args = ",".join(f"{k}={self.task_args[k]}" for k in sorted(self.task_args))
        return f"{self.task}|{self.series or ''}|{args}"

    def saved(self) -> dict | None:
        """The run's state at the latest checkpoint the worker sent, or None (none yet, or not open yet)."""
        return self.handle.saved_state() if self.opened else None

    def resume(self, state: dict, notice: str):
        """Reopen this run from a saved state (`saved()`, kept in a store): the same weights, step
        and history, paused, with `notice` on the page. On a page whose browser has not connected
        yet, it reopens so when the browser connects."""
        self._replace(resume={**state, "notice": notice})
        saved = {k: v for k, v in state["checkpoint"].get("hyper", {}).items()
                 if k in self._hyper_names() and getattr(self.settings, k) != v}
        try:
            self.settings.param.update(**saved)  # the page's controls show the saved settings
        except ValueError:  # a setting the page no longer allows: the page keeps its own
            pass

    def _claim(self):
        """A place among the page's RUNS_PER_SESSION, taken when the page is built."""
        mine = _open_runs.setdefault(self._doc, set()) if self._doc is not None else set()
        if len(mine - {self}) >= RUNS_PER_SESSION:
            raise TooManyRuns(f"This page already has {RUNS_PER_SESSION} runs open: close a tab or reload it.")
        mine.add(self)
        self._home = mine

    @property
    def opened(self) -> bool:
        """Whether the run is on the pool (False until the page's browser has connected)."""
        return not isinstance(self.handle, PendingHandle)

    def connect(self):
        """Open the run on the pool (once the page's browser is there), then carry out what the
        page asked of it meanwhile."""
        if self.opened or self.handle.closed:
            return
        waiting, resume = self.handle.commands, self.handle.resume
        hyper = {p: getattr(self.settings, p) for p in self._hyper_names()}
        options = {**self.run_options, **({"resume": resume} if resume else {})}
        if resume:  # the saved settings come back with the weights
            hyper = {**hyper, **{k: v for k, v in resume["checkpoint"].get("hyper", {}).items() if k in hyper}}
        self.handle = self.pool.open(self.task, self.task_args, hyper, **options)
        if self.watch:
            self.handle.watch(*self.watch)
        self.handle.step(0)  # an immediate first update: the untrained model's views
        for op, args, kwargs in waiting:
            getattr(self.handle, op)(*args, **kwargs)

    def _replace(self, resume: dict | None = None):
        """A fresh run in place of this one (what was asked of the old one goes with it): open at
        once when the page's browser is there, else when it connects."""
        self.handle.close()
        if self.chart is not None:
            self.chart.clear(self.series)
        self.param.update(evals=[], snapshots=[], changes=[], steps=0)  # the old run's record goes with it
        self.handle = PendingHandle(resume)
        self._claim()
        if connections(self._doc) != 0:
            self.connect()

    def set_watch(self, *views: str):
        """Which views every update carries; a view nobody looks at costs nothing."""
        if list(views) != self.watch:
            self.watch = list(views)
            self.handle.watch(*views)
            self.handle.step(0)  # an update with the new views at once, even while paused

    def reopen(self, task: str | None = None, unsent=None, **task_args):
        """A different task (say another wave, or another data set): a fresh run replaces this
        one. `unsent`: settings the new task does not have (a drawing, for a task that draws
        nothing); the page keeps them but never sends them. None keeps the current ones."""
        if task is not None:
            self.task = task
        if unsent is not None:
            self.unsent = set(unsent)
        self.task_args.update(task_args)
        self._replace()

    def _on_setting(self, *events):
        sent = {e.name: e.new for e in events if e.name not in self.unsent}
        if sent:
            self.handle.set(**sent)

    def alone(self) -> bool:
        """True once this run's page has had no connection for ALONE_SECONDS, whatever the client did.
        Before its browser first connected the page holds no run, and Bokeh ends such a session itself."""
        if connections(self._doc) != 0 or not self.opened:
            self._alone_since = None
            return False
        now = time.monotonic()
        self._alone_since = self._alone_since or now
        return now - self._alone_since >= ALONE_SECONDS

    def poll(self):
        """Apply every update that arrived; called on the page's event loop."""
        if self.alone():
            self.close()
            return
        merged = merge_updates(self.handle.updates())
        if merged is None:
            return
        if merged.get("reset") and self.chart is not None:
            self.chart.clear(self.series)  # sent first: a clear held with the points below would resend them
        # Everything one update changes on the page goes out as one message: sent change by change,
        # serializing them took most of the server's time with 30 students training.
        with in_order():
            self._show(merged)

    def _show(self, merged: dict):
        metrics = merged.get("metrics", {})
        if self.chart is not None:
            if metrics.get("step"):
                self.chart.push(metrics["step"], metrics["loss"], series=self.series)
        if metrics.get("loss"):
            self.loss = float(metrics["loss"][-1])
        now, steps = time.monotonic(), merged.get("steps", self.steps)
        instant = (steps - self._rate[1]) / max(now - self._rate[0], 1e-6)
        self._rate = (now, steps)
        self._smoothed = 0.8 * self._smoothed + 0.2 * instant if steps else 0.0
        status = merged.get("status", self.status)
        if self._stale and status == self._stale[0] and now < self._stale[1] and not merged.get("reset"):
            status = self.status  # sent before the worker saw the command
        else:
            self._stale = None
        message = merged.get("message") or (merged.get("reason") if merged.get("status") == "stopped" else "")
        self.param.update(status=status, steps=steps, notice=merged.get("notice") or "",
                          message=message or "", hyper=merged.get("hyper", {}))
        if merged.get("views"):
            self._pending_views = merged["views"]
        # Views (a prediction, a trace) redraw at most every views_period: drawing them on every
        # update would starve the event loop that also answers this student's clicks.
        if self._pending_views is not None and (now - self._views_at >= self.views_period
                                                or self.status != "training"):
            self.views, self._pending_views, self._views_at = self._pending_views, None, now
        if merged.get("reset"):
            self.evals = list(merged.get("evals", []))
        elif merged.get("evals"):
            self.evals = self.evals + merged["evals"]
        if "snapshots" in merged and merged["snapshots"] != self.snapshots:
            self.snapshots = list(merged["snapshots"])
        if "changes" in merged and merged["changes"] != self.changes:
            self.changes = list(merged["changes"])
        if self.controls is not None:
            self.controls.param.update(status=self.status, steps=self.steps, message=self.message,
                                       notice=self.notice,
                                       steps_per_second=max(self._smoothed, 0.0))

    def hold(self, reason: str):
        """Pause and refuse Train while `reason` is set ('' lifts it)."""
        self.held = reason
        if reason and self.status == "training":
            self.command("pause")
        if self.controls is not None:
            self.controls.message = reason

    def start(self, period_ms: int = 100):
        """Poll on this session's event loop; close the run when the session ends."""
        self._doc = pn.state.curdoc
        self._callback = pn.state.add_periodic_callback(self.poll, period=period_ms)
        pn.state.on_session_destroyed(lambda _ctx, run=self: run.close())
        if not self.opened:
            # Open once the browser has drawn the page, not when its websocket connects: updates that
            # reached a page between the two were lost in Chromium (an empty overview on /cnn once
            # another page had drawn one). A client that never draws the page never gets a run.
            pn.state.onload(self.connect)

    def close(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        if self.handle is not None:
            self.handle.close()
        self._home.discard(self)
