"""RunPool: where students' runs execute, behind handles that pages talk to.

A page holds a RunHandle: it sends commands and drains updates, and never learns whether
the run lives in a thread of this process or in a worker process. Runs are spread over the
workers, fewest runs first; each worker trains its runs in turn (engine/worker.py).
"""
import atexit
import collections
import itertools
import multiprocessing
import queue
import threading
import time
import uuid

import torch

from .worker import WorkerLoop, worker_main

MAX_UPDATES = 100    # updates a handle holds before they are merged into one
INBOX_SIZE = 2000    # commands waiting for one worker; past it, commands are dropped and counted
CHECKPOINT_S = 2.0   # a worker process sends each run's state this often (what a restart reopens)
WATCH_S = 0.25       # how often the pool looks for dead worker processes
CURVE_POINTS = 2000  # the most points `RunHandle.curve` gives at once: the recent end of the curve


class RunHandle:
    """One student's run as a page sees it: commands in, updates out."""

    def __init__(self, pool: "RunPool", run_id: str, worker: int, payload: dict):
        self.pool, self.id, self.worker, self.payload = pool, run_id, worker, payload
        self._updates = collections.deque()
        self.closed = False
        # What a restart needs, kept from the updates as they pass: the latest state the worker
        # sent, and the history since the last reset (the worker's copy dies with it).
        self._watching, self._checkpoint, self._status, self._hyper = [], None, "ready", None
        self._history: dict[str, list] = {}
        self._evals: list = []
        self._resets = 0  # how many resets the router has seen: a curve read before one is void after it
        # Whose run this is, set by the page that holds it (a classroom student's id, and the page's
        # name for the run): what the instructor's read-only view of a student finds (RunPool.owned_by).
        self.owner: str | None = None
        self.label = ""

    def send(self, op: str, payload=None) -> bool:
        """False when the worker's inbox is full: the command is dropped (and counted)."""
        if self.closed:
            raise RuntimeError("this run is closed")
        if op == "watch":
            self._watching = list(payload)
        inbox = self.pool._inboxes[self.worker]
        try:
            if op in ("open", "close"):
                inbox.put((self.id, op, payload), timeout=5)  # never dropped: they free or hold memory
            else:
                inbox.put_nowait((self.id, op, payload))
            return True
        except queue.Full:
            with self.pool._lock:
                self.pool.dropped += 1
            return False

    def train(self): self.send("train")
    def pause(self): self.send("pause")
    def reset(self): self.send("reset")
    def step(self, n: int = 1): self.send("step", n)
    def set(self, **hyper): self.send("set", hyper)
    def watch(self, *views: str): self.send("watch", list(views))
    def snapshot(self): self.send("snapshot")
    def restore(self, index: int): self.send("restore", index)
    def evaluate(self): self.send("evaluate")

    def updates(self) -> list[dict]:
        """Every update that arrived since the last call, oldest first (never blocks)."""
        out = []
        while self._updates:
            out.append(self._updates.popleft())
        return out

    def close(self):
        if not self.closed:
            self.send("close")
            self.closed = True
            self.pool._forget(self)

    def _receive(self, update: dict):
        """On the router's thread: keep what a restart needs, then queue it for the page."""
        checkpoint = update.pop("checkpoint", None)
        if checkpoint is not None:
            self._checkpoint = checkpoint
        if update.get("reset"):
            self._history, self._evals = {}, []
            self._resets += 1
        before = len(self._history.get("step", []))
        for k, v in update.get("metrics", {}).items():
            self._history.setdefault(k, [None] * before).extend(v)
        self._evals += update.get("evals", [])
        self._status, self._hyper = update.get("status", self._status), update.get("hyper", self._hyper)
        self._updates.append(update)
        if len(self._updates) > MAX_UPDATES:  # a page that stopped polling: fold, never grow
            merged = merge_updates(list(self._updates))
            self._updates.clear()
            if merged is not None:
                self._updates.append(merged)

    @property
    def status(self) -> str:
        """The run's status as its latest update said ("ready", "training", "paused", "stopped")."""
        return self._status

    def curve(self, name: str = "loss", start: int = 0, limit: int = CURVE_POINTS) -> dict:
        """The run's `name` metric over its steps since its last reset, as the router received it:
        {resets, count, start, step, value}: the points from index `start` (at least `count - limit`)
        to `count`. `resets` changes when the run is reset (a curve read before it no longer holds).
        Safe to call from any thread: only copies of what the router thread appends are returned."""
        history, resets = self._history, self._resets
        steps, values = history.get("step", []), history.get(name, [])
        count = min(len(steps), len(values))  # the router appends "step" before the other metrics
        start = max(0, min(start, count), count - limit)
        return {"resets": resets, "count": count, "start": start,
                "step": list(steps[start:count]), "value": list(values[start:count])}

    def saved_state(self) -> dict | None:
        """What reopens this run elsewhere or later: {checkpoint, history, evals} at the latest
        checkpoint the worker sent (None before the first one)."""
        cp = self._checkpoint
        if cp is None:
            return None
        keep = sum(1 for s in self._history.get("step", []) if s <= cp["step"])
        return {"checkpoint": cp, "history": {n: v[:keep] for n, v in self._history.items()},
                "evals": [e for e in self._evals if e["step"] <= cp["step"]]}

    def _reopen_payload(self, notice_step=None) -> dict:
        """The open command that brings this run back on a new worker, from its checkpoint."""
        payload = dict(self.payload, hyper={**self.payload.get("hyper", {}), **(self._hyper or {})})
        cp = self._checkpoint
        k = cp["step"] if cp is not None else 0
        keep = sum(1 for s in self._history.get("step", []) if s <= k)
        payload["resume"] = {
            "checkpoint": cp, "history": {n: v[:keep] for n, v in self._history.items()},
            "evals": [e for e in self._evals if e["step"] <= k],
            "notice": f"The trainer restarted; your model went back to step {k}."}
        return payload


def merge_updates(updates: list[dict]) -> dict | None:
    """Many updates -> one: metrics concatenated (from the last reset on), the rest the latest."""
    merged = None
    for u in updates:
        if "closed" in u:
            continue
        if merged is None or u.get("reset"):
            merged = {**u, "metrics": {k: list(v) for k, v in u.get("metrics", {}).items()},
                      "evals": list(u.get("evals", []))}
            continue
        for k, v in u.get("metrics", {}).items():
            merged["metrics"].setdefault(k, []).extend(v)
        merged["evals"] = merged.get("evals", []) + list(u.get("evals", []))
        views = {**merged.get("views", {}), **u.get("views", {})}
        merged.update({k: v for k, v in u.items() if k not in ("metrics", "evals", "reset")}, views=views)
    return merged


class RunPool:
    """`workers` loops in threads ("thread"), separate processes ("process") or Ray actors
    ("ray", engine/ray_backend.py: a local Ray unless the caller joined a cluster first).

    A worker process or actor that dies (the OOM killer, a crash) is noticed within WATCH_S and
    replaced; its runs reopen on the new one from their last checkpoint, and their updates
    say so for NOTICE_S (engine/worker.py).
    """

    def __init__(self, workers: int = 1, backend: str = "thread", device: str = "cpu"):
        if backend not in ("thread", "process", "ray"):
            raise ValueError("backend must be 'thread', 'process' or 'ray'")
        self.backend, self.device, self.where = backend, str(device), "this machine"
        if backend == "ray":
            from . import ray_backend  # only here: the engine runs without Ray installed
            self.where = ray_backend.connect()
        self._ctx = multiprocessing.get_context("spawn")
        self._handles: dict[str, RunHandle] = {}
        self._live = [0] * workers  # runs each worker holds, as it reported
        self._lock = threading.Lock()
        self._inboxes, self._outboxes, self._workers = [None] * workers, [None] * workers, [None] * workers
        self._generation = [0] * workers
        self.dropped = self.restarts = 0
        self._stopped = False
        for i in range(workers):
            self._start_worker(i)
        if backend == "ray":
            try:
                for w in self._workers:
                    w.wait_ready()
            except RuntimeError:
                self.shutdown()
                raise
        self._ids = itertools.count()
        if backend in ("process", "ray"):
            threading.Thread(target=self._watch, daemon=True).start()
        # A daemon thread still inside a torch op at interpreter exit aborts the process.
        atexit.register(self.shutdown)

    def _start_worker(self, i: int):
        make_queue = self._ctx.Queue if self.backend == "process" else queue.Queue
        self._inboxes[i], self._outboxes[i] = make_queue(INBOX_SIZE), make_queue()
        if self.backend == "ray":
            from .ray_backend import RayWorker
            w = self._outboxes[i] = RayWorker(self._inboxes[i], self.device, CHECKPOINT_S)  # also its outbox
        elif self.backend == "process":
            w = self._ctx.Process(target=worker_main, daemon=True,
                                  args=(self._inboxes[i], self._outboxes[i], self.device),
                                  kwargs={"checkpoint_s": CHECKPOINT_S})
        else:
            w = threading.Thread(target=thread_main, args=(self._inboxes[i], self._outboxes[i], self.device),
                                 daemon=True)
        w.start()
        self._workers[i] = w
        self._generation[i] += 1
        threading.Thread(target=self._route, args=(i, self._generation[i]), daemon=True).start()

    def open(self, task: str, task_args: dict | None = None, hyper: dict | None = None,
             seed: int = 0, **options) -> RunHandle:
        """options: probe_every, eval_every, snapshot_every (see TrainingRun)."""
        payload = {"task": task, "task_args": task_args or {}, "hyper": hyper or {}, "seed": seed, **options}
        with self._lock:
            worker = min(range(len(self._workers)), key=lambda i: sum(
                h.worker == i for h in self._handles.values()))
            handle = RunHandle(self, f"{next(self._ids)}-{uuid.uuid4().hex[:8]}", worker, payload)
            self._handles[handle.id] = handle
            self._live[worker] += 1
        handle.send("open", payload)
        return handle

    def stats(self) -> dict:
        """Runs pages hold open, runs the workers hold, and each worker: alive, pid, its runs."""
        with self._lock:
            per_worker = [{"alive": w.is_alive(), "pid": getattr(w, "pid", None), "node": getattr(w, "node", None),
                           "runs": self._live[i],
                           "handles": sum(h.worker == i for h in self._handles.values())}
                          for i, w in enumerate(self._workers)]
            return {"open_runs": len(self._handles), "worker_runs": sum(self._live),
                    "workers": sum(w["alive"] for w in per_worker), "per_worker": per_worker,
                    "restarts": self.restarts, "dropped_commands": self.dropped,
                    "backend": self.backend, "where": self.where, "device": self.device}

    def owned_by(self, owner: str) -> list[RunHandle]:
        """The open runs a page marked as `owner`'s (RunHandle.owner), oldest first."""
        with self._lock:
            return [h for h in self._handles.values() if h.owner == owner]

    def shutdown(self):
        if self._stopped:
            return
        self._stopped = True
        for inbox in self._inboxes:
            try:
                inbox.put((None, "shutdown", None), timeout=1)
            except queue.Full:
                pass
        for w in self._workers:
            w.join(timeout=5)
            if self.backend == "ray" or (self.backend == "process" and w.is_alive()):
                w.kill()  # an idle actor still holds its CPU in Ray

    def _forget(self, handle: RunHandle):
        with self._lock:
            self._handles.pop(handle.id, None)

    def _watch(self):
        while not self._stopped:
            time.sleep(WATCH_S)
            for i, w in enumerate(self._workers):
                if not w.is_alive() and not self._stopped:
                    self._replace(i)

    def _replace(self, i: int):
        """A new worker in place of dead worker i; its runs reopen there from their checkpoints."""
        self._workers[i].join(timeout=1)
        with self._lock:
            self.restarts += 1
            self._start_worker(i)
            handles = [h for h in self._handles.values() if h.worker == i]
            self._live[i] = len(handles)
        for h in handles:
            training = h._status == "training"
            h.send("open", h._reopen_payload())
            if h._watching:
                h.send("watch", h._watching)
            if training:
                h.send("train")

    def _route(self, worker: int, generation: int):
        outbox = self._outboxes[worker]
        while generation == self._generation[worker] and not self._stopped:
            try:
                run_id, update = outbox.get(timeout=0.5)
            except queue.Empty:
                continue
            except Exception:  # a worker killed mid-write leaves a broken message; it is replaced
                return
            if "closed" in update:
                with self._lock:
                    self._live[worker] -= 1
                continue
            handle = self._handles.get(run_id)
            if handle is not None:
                handle._receive(update)


def thread_main(inbox, outbox, device):
    """A worker thread: one torch thread for its ops (the setting is per thread; with torch's
    default of one per core, the ops of a thread worker ran ~20x slower beside a busy process)."""
    torch.set_num_threads(1)
    WorkerLoop(inbox, outbox, device).serve_forever()


_shared: RunPool | None = None


def configure_shared_pool(**options) -> RunPool:
    """The server sets the pool every page uses (workers, backend, device) once at start."""
    global _shared
    if _shared is not None:
        _shared.shutdown()
    _shared = RunPool(**options)
    return _shared


def configured_pool() -> RunPool | None:
    """The pool pages use, if one was made; None, without making one (a server with no runs yet)."""
    return _shared


def shared_pool() -> RunPool:
    """The pool pages open runs on; a one-thread pool if the server configured none."""
    global _shared
    if _shared is None:
        _shared = RunPool()
    return _shared
