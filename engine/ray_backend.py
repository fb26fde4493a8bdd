"""The "ray" backend: each worker is a Ray actor running the same WorkerLoop.

The pool keeps its own inbox and outbox per worker, as with the other backends; here two
threads carry them to the actor and back in batches (one Ray call moves many messages), so
RunHandle and the pages do not change. This module imports Ray: the pool imports it only when
a pool asks for the "ray" backend, so the engine runs without Ray installed.
"""
import collections
import os
import queue
import socket
import threading
import time
from urllib.parse import urlsplit

import ray
import torch
from ray.exceptions import GetTimeoutError, RayActorError

from .worker import WorkerLoop

READY_S = 120.0  # how long a new actor may take to start (import torch) before the pool gives up
BATCH = 500      # messages one call moves at most
JOIN_TRIES = 3   # joins of a cluster before the server gives up


def connect(address: str | None = None, **init_options) -> str:
    """Join Ray once: a local Ray (address None) or a cluster at ray://HOST:PORT.
    Raises RuntimeError with one line when the cluster cannot be reached."""
    if ray.is_initialized():
        return describe()
    if address:
        parts = urlsplit(address)
        if parts.scheme != "ray" or not parts.hostname:
            raise RuntimeError(f"a Ray cluster is given as ray://HOST:PORT, not {address!r}")
        port = parts.port or 10001
        try:  # Ray's own client waits 30 s before it says so
            socket.create_connection((parts.hostname, port), timeout=5).close()
        except OSError as exc:
            raise RuntimeError(f"cannot reach the Ray cluster at {parts.hostname}:{port} "
                               f"({exc.strerror or exc})") from None
        # The cluster's workers have torch, not this code: Ray ships the package (by path: the client
        # pickles runtime_env, and a module does not pickle).
        init_options.setdefault("runtime_env", {"py_modules": [os.path.dirname(os.path.abspath(__file__))]})
    else:
        init_options.setdefault("include_dashboard", False)
    init_options.setdefault("log_to_driver", False)
    for attempt in range(1, JOIN_TRIES + 1):
        try:
            # "local": a Ray of our own, even where a cluster started on this machine left its address.
            ray.init(address or "local", **init_options)
            break
        except Exception as exc:
            # The cluster's per-client server sometimes dies as it is forked (ray-project/ray#63202,
            # seen here once in a few joins): the same join a moment later succeeds.
            if address and attempt < JOIN_TRIES and "Initialization failure from server" in str(exc):
                time.sleep(1.0)
                continue
            _join_failed(address, exc)
    return describe()


def _join_failed(address: str | None, exc: Exception):
    hint = ""
    if address and "RAY_AUTH_MODE" not in os.environ and "Initialization failure" not in str(exc):
        hint = " (a cluster with token authentication needs RAY_AUTH_MODE=token and its token)"  # a silent timeout
    raise RuntimeError(f"could not join Ray{' at ' + address if address else ''}: "
                       f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}{hint}") from None


def describe() -> str:
    """Where the actors run, for /status: 'local Ray, 2 CPUs' or 'Ray cluster, 3 nodes, 48 CPUs'."""
    if not ray.is_initialized():
        return "Ray not started"
    cpus = int(ray.cluster_resources().get("CPU", 0))
    if ray.util.client.ray.is_connected():
        return f"Ray cluster, {len(ray.nodes())} node(s), {cpus} CPUs"
    return f"local Ray, {cpus} CPUs"


class _Actor:
    """Inside the actor: the WorkerLoop on a thread of its own, fed by push, drained by pull."""

    def __init__(self, device: str, checkpoint_s: float | None):
        self.inbox, self.outbox = queue.Queue(), queue.Queue()
        loop = WorkerLoop(self.inbox, self.outbox, device, checkpoint_s=checkpoint_s)
        self.thread = threading.Thread(target=self._serve, args=(loop,), daemon=True)
        self.thread.start()

    @staticmethod
    def _serve(loop):
        torch.set_num_threads(1)  # per thread, like the other backends' workers
        loop.serve_forever()

    def ready(self):
        return os.getpid(), socket.gethostname()

    def push(self, commands: list):
        for c in commands:
            self.inbox.put(c)

    def pull(self, timeout: float) -> list:
        try:
            out = [self.outbox.get(timeout=timeout)]
        except queue.Empty:
            return []
        while len(out) < BATCH:
            try:
                out.append(self.outbox.get_nowait())
            except queue.Empty:
                break
        return out

    def join(self, timeout: float) -> bool:
        self.thread.join(timeout)
        return not self.thread.is_alive()


class RayWorker:
    """The pool's side of one actor. It looks like a worker Process to the pool (is_alive,
    join, kill, pid), reads the pool's inbox for it, and is the outbox the router reads."""

    def __init__(self, inbox: queue.Queue, device: str, checkpoint_s: float | None):
        gpus = 1 if device.startswith("cuda") else 0
        self.actor = ray.remote(_Actor).options(num_cpus=1, num_gpus=gpus, max_concurrency=4).remote(
            device, checkpoint_s)
        self.inbox, self.pid, self.node, self.dead = inbox, None, None, False
        self._pulled = collections.deque()

    def start(self):
        threading.Thread(target=self._forward, daemon=True).start()

    def wait_ready(self, timeout: float = READY_S):
        """Block until the actor runs; RuntimeError (one line) if it cannot start."""
        try:
            self.pid, self.node = ray.get(self.actor.ready.remote(), timeout=timeout)
        except GetTimeoutError:
            raise RuntimeError(f"a Ray worker did not start within {timeout:.0f} s: does the cluster have a "
                               "free CPU for each worker?") from None
        except RayActorError as exc:
            self._died()
            raise RuntimeError(f"a Ray worker failed to start: {_last_line(exc)}") from None

    def _forward(self):
        """Commands from the pool's inbox to the actor, in order, many per call."""
        try:
            self.pid, self.node = ray.get(self.actor.ready.remote())  # a replacement's, for /status
        except RayActorError:
            self._died()
        while not self.dead:
            try:
                batch = [self.inbox.get(timeout=0.5)]
            except queue.Empty:
                continue
            while len(batch) < BATCH:
                try:
                    batch.append(self.inbox.get_nowait())
                except queue.Empty:
                    break
            try:
                ray.get(self.actor.push.remote(batch))  # waited on: calls to a threaded actor may reorder
            except RayActorError:
                self._died()
            if any(c[1] == "shutdown" for c in batch):
                return

    # --- the outbox the pool's router reads ---------------------------------------------------
    def get(self, timeout: float = 0.5):
        if not self._pulled:
            try:
                self._pulled.extend(ray.get(self.actor.pull.remote(timeout)))
            except RayActorError:
                self._died()  # the watcher replaces this worker; the router stops on the error
                raise
        if not self._pulled:
            raise queue.Empty
        return self._pulled.popleft()

    # --- what the pool asks of a worker process --------------------------------------------
    def is_alive(self) -> bool:
        return not self.dead

    def join(self, timeout: float = None):
        if self.dead:
            return
        deadline = time.monotonic() + (timeout or 0)
        while not self.inbox.empty() and time.monotonic() < deadline:
            time.sleep(0.05)  # let the forwarder hand over the last commands (shutdown among them)
        try:
            ray.get(self.actor.join.remote(max(0.0, deadline - time.monotonic())), timeout=(timeout or 0) + 5)
        except Exception:
            pass

    def _died(self):
        self.kill()  # an actor only unreachable for now would otherwise hold its CPU beside its successor

    def kill(self):
        self.dead = True
        try:
            ray.kill(self.actor)
        except Exception:
            pass


def _last_line(exc: Exception) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__
