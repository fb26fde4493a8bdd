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
import uuid

from .worker import WorkerLoop, worker_main


class RunHandle:
    """One student's run as a page sees it: commands in, updates out."""

    def __init__(self, pool: "RunPool", run_id: str, worker: int):
        self.pool, self.id, self.worker = pool, run_id, worker
        self._updates = collections.deque()
        self.closed = False

    def send(self, op: str, payload=None):
        if self.closed:
            raise RuntimeError("this run is closed")
        self.pool._inboxes[self.worker].put((self.id, op, payload))

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
    """`workers` loops in threads ("thread") or separate processes ("process")."""

    def __init__(self, workers: int = 1, backend: str = "thread", device: str = "cpu"):
        if backend not in ("thread", "process"):
            raise ValueError("backend must be 'thread' or 'process'")
        self.backend, self.device = backend, str(device)
        ctx = multiprocessing.get_context("spawn")
        make_queue = ctx.Queue if backend == "process" else queue.Queue
        self._inboxes = [make_queue() for _ in range(workers)]
        self._outboxes = [make_queue() for _ in range(workers)]
        self._handles: dict[str, RunHandle] = {}
        self._live = [0] * workers  # runs each worker holds, as it reported
        self._lock = threading.Lock()
        self._workers = []
        for inbox, outbox in zip(self._inboxes, self._outboxes):
            if backend == "process":
                w = ctx.Process(target=worker_main, args=(inbox, outbox, self.device), daemon=True)
            else:
                w = threading.Thread(target=WorkerLoop(inbox, outbox, self.device).serve_forever, daemon=True)
            w.start()
            self._workers.append(w)
        self._routers = [threading.Thread(target=self._route, args=(i,), daemon=True)
                         for i in range(workers)]
        for r in self._routers:
            r.start()
        self._ids = itertools.count()
        self._stopped = False
        # A daemon thread still inside a torch op at interpreter exit aborts the process.
        atexit.register(self.shutdown)

    def open(self, task: str, task_args: dict | None = None, hyper: dict | None = None,
             seed: int = 0, **options) -> RunHandle:
        """options: probe_every, eval_every, snapshot_every (see TrainingRun)."""
        with self._lock:
            worker = min(range(len(self._workers)), key=lambda i: sum(
                h.worker == i for h in self._handles.values()))
            handle = RunHandle(self, f"{next(self._ids)}-{uuid.uuid4().hex[:8]}", worker)
            self._handles[handle.id] = handle
            self._live[worker] += 1
        handle.send("open", {"task": task, "task_args": task_args or {}, "hyper": hyper or {},
                             "seed": seed, **options})
        return handle

    def stats(self) -> dict:
        """How many runs pages hold open, and how many the workers still hold."""
        with self._lock:
            return {"open_runs": len(self._handles), "worker_runs": sum(self._live),
                    "workers": len(self._workers), "backend": self.backend, "device": self.device}

    def shutdown(self):
        if self._stopped:
            return
        self._stopped = True
        for inbox in self._inboxes:
            inbox.put((None, "shutdown", None))
        for w in self._workers:
            w.join(timeout=5)

    def _forget(self, handle: RunHandle):
        with self._lock:
            self._handles.pop(handle.id, None)

    def _route(self, worker: int):
        outbox = self._outboxes[worker]
        while True:
            try:
                run_id, update = outbox.get()
            except (EOFError, OSError):
                return
            if "closed" in update:
                with self._lock:
                    self._live[worker] -= 1
                continue
            handle = self._handles.get(run_id)
            if handle is not None:
                handle._updates.append(update)


_shared: RunPool | None = None


def configure_shared_pool(**options) -> RunPool:
    """The server sets the pool every page uses (workers, backend, device) once at start."""
    global _shared
    if _shared is not None:
        _shared.shutdown()
    _shared = RunPool(**options)
    return _shared


def shared_pool() -> RunPool:
    """The pool pages open runs on; a one-thread pool if the server configured none."""
    global _shared
    if _shared is None:
        _shared = RunPool()
    return _shared
