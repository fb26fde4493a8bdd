"""WorkerLoop: trains many students' runs in turn on one thread or process.

Commands come in on a queue as (run_id, op, payload); updates go out as (run_id, dict).
The loop only sees queues and plain data, so it runs the same in a thread or a process.
Ops: open {task, task_args, hyper, seed, probe_every, eval_every, snapshot_every} | train |
     pause | step n | reset | set {hyper} | watch [view names] | snapshot | restore index |
     evaluate | close | shutdown.
An update after reset or restore carries reset=True and the whole history from the start.
"""
import multiprocessing
import queue
import time
import traceback

import torch

from .run import TrainingRun
from .tasks import make_task

SLICE_S = 0.03   # longest a run trains before the next run gets its turn
EMIT_S = 0.1     # a training run reports at most this often (10 updates/s)
VIEW_S = 0.2     # and computes its watched views at most this often: pages redraw them 5x/s at most,
                 # and a view (say the prediction, ~8 ms) costs more than a training step (~3 ms)


class _Slot:
    """A run plus what its page has received so far."""

    def __init__(self, run_id: str, run: TrainingRun):
        self.id, self.run, self.watch, self.sent, self.sent_evals = run_id, run, [], 0, 0
        self.pace_t0, self.pace_done, self.last_emit, self.last_view = time.monotonic(), 0, 0.0, 0.0
        self.message = None

    def restart_pace(self):
        self.pace_t0, self.pace_done = time.monotonic(), 0

    def allowed(self, now: float) -> int:
        """Steps this run may take now under its steps_per_second pace."""
        sps = self.run.hyper["steps_per_second"]
        if not sps:
            return 1 << 30
        return int((now - self.pace_t0) * sps) - self.pace_done + 1


class WorkerLoop:
    def __init__(self, inbox, outbox, device="cpu", orphaned=lambda: False):
        self.inbox, self.outbox, self.device = inbox, outbox, device
        self.orphaned = orphaned  # True once the server that owns this worker is gone
        self.slots: dict[str, _Slot] = {}

    def serve_forever(self):
        checked = time.monotonic()
        while True:
            if time.monotonic() - checked > 1.0:
                checked = time.monotonic()
                if self.orphaned():
                    return  # a killed server must not leave its students' runs training forever
            training = [s for s in self.slots.values() if s.run.status == "training"]
            try:
                command = self.inbox.get_nowait() if training else self.inbox.get(timeout=0.5)
            except queue.Empty:
                command = None
            if command is not None:
                if command[1] == "shutdown":
                    return
                self._handle(*command)
                continue  # drain every waiting command before training again
            if training and not self._train_round(training):
                time.sleep(0.005)  # every run is waiting for its pace

    # --- commands -----------------------------------------------------------------------
    def _handle(self, run_id, op, payload=None):
        slot = self.slots.get(run_id)
        try:
            if op == "open":
                task = make_task(payload["task"], **payload.get("task_args", {}))
                options = {k: payload[k] for k in ("probe_every", "eval_every", "snapshot_every") if k in payload}
                run = TrainingRun(task, payload.get("hyper"), payload.get("seed", 0), self.device, **options)
                self.slots[run_id] = slot = _Slot(run_id, run)
            elif op == "close":
                self.slots.pop(run_id, None)
                self.outbox.put((run_id, {"closed": True}))
                return
            elif slot is None:
                return  # a late command for a run that is gone
            elif op == "train":
                slot.run.resume()
                slot.restart_pace()
            elif op == "pause":
                slot.run.pause()
            elif op == "step":
                slot.run.step(int(1 if payload is None else payload))
            elif op in ("reset", "restore"):
                slot.run.reset() if op == "reset" else slot.run.restore(int(payload))
                slot.sent = slot.sent_evals = 0
            elif op == "snapshot":
                slot.run.snapshot()
            elif op == "evaluate":
                slot.run.evaluate()
            elif op == "set":
                slot.run.set(**payload)
                slot.restart_pace()
            elif op == "watch":
                slot.watch = list(payload)
            else:
                raise ValueError(f"unknown command {op!r}")
            slot.message = None
        except Exception as exc:  # one student's bad input never stops the worker
            if slot is None:
                self.outbox.put((run_id, {"status": "error", "message": str(exc)}))
                return
            slot.message = str(exc) if isinstance(exc, (ValueError, RuntimeError)) else traceback.format_exc(limit=2)
        self._emit(run_id, slot, reset=op in ("reset", "restore"))

    # --- training -----------------------------------------------------------------------
    def _train_round(self, training) -> bool:
        worked = False
        for slot in training:
            deadline = time.monotonic() + SLICE_S
            try:
                while slot.run.status == "training" and time.monotonic() < deadline \
                        and slot.allowed(time.monotonic()) > 0:
                    slot.pace_done += slot.run.step(1)
                    worked = True
            except Exception:
                slot.run.status, slot.run.reason = "stopped", traceback.format_exc(limit=2)
            now = time.monotonic()
            if slot.run.status != "training" or now - slot.last_emit >= EMIT_S:
                self._emit(slot.id, slot, views=slot.run.status != "training" or now - slot.last_view >= VIEW_S)
        return worked

    def _emit(self, run_id, slot, reset=False, views=True):
        run = slot.run
        new = {k: v[slot.sent:] for k, v in run.history.items()}
        slot.sent = len(run.history["step"])
        evals, slot.sent_evals = run.evals[slot.sent_evals:], len(run.evals)
        update = {"status": run.status, "reason": run.reason, "message": slot.message,
                  "steps": run.steps, "train_seconds": run.train_seconds,
                  "hyper": dict(run.hyper), "metrics": new, "evals": evals, "reset": reset,
                  "snapshots": [(s["step"], s["seconds"]) for s in run.snapshots],
                  "changes": run.changes[-50:], "views": {}}
        for name in slot.watch if views else ():
            try:
                update["views"][name] = run.view(name)
            except Exception as exc:
                update["message"] = f"could not draw {name}: {exc}"
        slot.last_emit = time.monotonic()
        if views:
            slot.last_view = slot.last_emit
        self.outbox.put((run_id, update))


def worker_main(inbox, outbox, device="cpu", threads=1):
    """Entry point of a worker process: one torch thread, so workers do not fight for cores."""
    torch.set_num_threads(threads)
    parent = multiprocessing.parent_process()
    WorkerLoop(inbox, outbox, device, orphaned=lambda: parent is not None and not parent.is_alive()).serve_forever()
