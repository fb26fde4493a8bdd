"""WorkerLoop: trains many students' runs in turns on one thread or process.

Commands come in on a queue as (run_id, op, payload); updates go out as (run_id, dict).
The loop only sees queues and plain data, so it runs the same in a thread or a process.
Ops: open {task, task_args, hyper, seed, probe_every, eval_every, snapshot_every, resume} |
     train | pause | step n | reset | set {hyper} | watch [view names] | snapshot |
     restore index | evaluate | close | shutdown.
An update after reset or restore carries reset=True and the whole history from the start.
Runs of one architecture and task step together as a BatchedGroup (engine/batched.py); a
round gives every unit (a group or a run alone) a share of ROUND_S in proportion to the runs
it steps, so a student's rate does not depend on who shares their architecture. `step n`
runs in those turns too, so a long one never holds the worker.
"""
import multiprocessing
import os
import queue
import time
import traceback

import torch

from .batched import BatchedGroup, group_key
from .run import TrainingRun
from .tasks import make_task

ROUND_S = 0.1    # one round of turns: every run that wants to step gets a share of it
COMMAND_S = 0.02  # commands handled at most this long before training resumes
EMIT_S = 0.1     # a training run reports at most this often (10 updates/s)
VIEW_S = 0.2     # and computes its watched views at most this often: pages redraw them 5x/s at most,
                 # and a view (say the prediction, ~8 ms) costs more than a training step (~3 ms)
WORKER_NICE = 5  # below the server (0): its loop answers every page; 5 still trains at full speed when idle
NOTICE_S = 30.0  # how long updates carry "the trainer restarted" after a run reopens
MAX_PENDING = 100_000  # steps a run may have queued by `step n`


class _Slot:
    """A run plus what its page has received so far."""

    def __init__(self, run_id: str, run: TrainingRun, task_key):
        self.id, self.run, self.task_key, self.watch, self.sent, self.sent_evals = run_id, run, task_key, [], 0, 0
        self.pace_t0, self.pace_done, self.last_emit, self.last_view = time.monotonic(), 0, 0.0, 0.0
        self.message, self.notice, self.notice_until, self.pending, self.alone = None, None, 0.0, 0, False
        self.last_checkpoint, self.checkpoint_step, self._key = -1e9, None, (None, None)

    def restart_pace(self):
        self.pace_t0, self.pace_done = time.monotonic(), 0

    def allowed(self, now: float) -> int:
        """Steps this run may take now under its steps_per_second pace."""
        sps = self.run.hyper["steps_per_second"]
        if not sps:
            return 1 << 30
        return int((now - self.pace_t0) * sps) - self.pace_done + 1

    def busy(self) -> bool:
        return self.run.status == "training" or self.pending > 0

    def wants_step(self, now: float) -> bool:
        run = self.run
        return run.status != "stopped" and not run.budget_reached and (
            self.pending > 0 or (run.status == "training" and self.allowed(now) > 0))

    def took_step(self):
        if self.pending:
            self.pending -= 1
        else:
            self.pace_done += 1
        if self.run.status == "stopped" or self.run.budget_reached:
            self.pending = 0

    def key(self):
        """The run's group key, recomputed only when its model, optimiser or settings changed."""
        run = self.run
        seen = (id(run.model), id(run.optimizer), tuple(sorted(run.hyper.items())), self.alone)
        if self._key[0] != seen:
            self._key = (seen, None if self.alone else group_key(run, self.task_key))
        return self._key[1]


class WorkerLoop:
    def __init__(self, inbox, outbox, device="cpu", orphaned=lambda: False, checkpoint_s=None):
        self.inbox, self.outbox, self.device = inbox, outbox, device
        self.orphaned = orphaned  # True once the server that owns this worker is gone
        self.checkpoint_s = checkpoint_s  # send each run's state this often, to reopen it elsewhere
        self.slots: dict[str, _Slot] = {}
        self.groups: dict[tuple, BatchedGroup] = {}
        self.dirty: dict[str, bool] = {}  # run id -> reset: runs whose commands await an update

    def serve_forever(self):
        checked = time.monotonic()
        while True:
            if time.monotonic() - checked > 1.0:
                checked = time.monotonic()
                if self.orphaned():
                    return  # a killed server must not leave its students' runs training forever
            busy = any(s.busy() for s in self.slots.values())
            until, handled = time.monotonic() + COMMAND_S, False
            while True:  # commands first, but only for COMMAND_S: a flood cannot stop training
                try:
                    command = self.inbox.get_nowait() if busy or handled else self.inbox.get(timeout=0.5)
                except queue.Empty:
                    break
                if command[1] == "shutdown":
                    return
                self._handle(*command)
                handled = True
                if time.monotonic() > until:
                    break
            for run_id, reset in list(self.dirty.items()):
                if run_id in self.slots:
                    self._emit(self.slots[run_id], reset=reset)
            self.dirty.clear()
            if any(s.busy() for s in self.slots.values()) and not self._train_round():
                time.sleep(0.005)  # every run is waiting for its pace

    # --- commands -----------------------------------------------------------------------
    def _handle(self, run_id, op, payload=None):
        slot = self.slots.get(run_id)
        try:
            if op == "open":
                task = make_task(payload["task"], **payload.get("task_args", {}))
                options = {k: payload[k] for k in ("probe_every", "eval_every", "snapshot_every") if k in payload}
                run = TrainingRun(task, payload.get("hyper"), payload.get("seed", 0), self.device, **options)
                key = (payload["task"], repr(sorted(payload.get("task_args", {}).items())))
                self.slots[run_id] = slot = _Slot(run_id, run, key)
                resume = payload.get("resume")
                if resume:
                    if resume["checkpoint"] is not None:
                        run.resume_from(resume["checkpoint"], resume["history"], resume["evals"])
                    slot.notice, slot.notice_until = resume["notice"], time.monotonic() + NOTICE_S
                    self.dirty[run_id] = True
            elif op == "close":
                self.slots.pop(run_id, None)
                self.dirty.pop(run_id, None)
                self.outbox.put((run_id, {"closed": True}))
                return
            elif slot is None:
                return  # a late command for a run that is gone
            elif op == "train":
                slot.run.resume()
                slot.restart_pace()
            elif op == "pause":
                slot.run.pause()
                slot.pending = 0
                slot.checkpoint_step = None  # a paused run is what a student comes back to: send it now
            elif op == "step":
                slot.pending = min(MAX_PENDING, slot.pending + max(0, int(1 if payload is None else payload)))
            elif op in ("reset", "restore"):
                slot.run.reset() if op == "reset" else slot.run.restore(int(payload))
                slot.sent = slot.sent_evals = slot.pending = 0
                slot.checkpoint_step = None  # the next update carries the new state
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
        self.dirty[run_id] = self.dirty.get(run_id, False) or op in ("reset", "restore")

    # --- training -----------------------------------------------------------------------
    def _units(self, wanting: list[_Slot]) -> list[tuple[BatchedGroup | None, list[_Slot]]]:
        """Groups of two or more runs that share a key (kept across rounds), and runs alone."""
        by_key: dict = {}
        for s in self.slots.values():
            key = s.key()
            if key is not None:
                by_key.setdefault(key, []).append(s)
        live = {}
        for key, members in by_key.items():
            if len(members) < 2:
                continue
            group = self.groups.get(key) or BatchedGroup(key)
            runs = [s.run for s in members]
            if group.members != runs:
                group.set_members(runs)
            live[key] = group
        for key, group in self.groups.items():
            if key not in live:
                group.release_all()
        self.groups = live
        units, grouped = [], {}
        for s in wanting:
            group = self.groups.get(s.key())
            if group is None:
                units.append((None, [s]))
            else:
                grouped.setdefault(id(group), (group, []))[1].append(s)
        return units + list(grouped.values())

    def _train_round(self) -> bool:
        now = time.monotonic()
        wanting = [s for s in self.slots.values() if s.wants_step(now)]
        if not wanting:
            return False
        for group, members in self._units(wanting):
            until = time.monotonic() + ROUND_S * len(members) / len(wanting)
            while True:
                active = [s for s in members if s.wants_step(time.monotonic())]
                if not active:
                    break
                self._step(group, active)
                if time.monotonic() >= until:
                    break
            now = time.monotonic()
            for s in members:
                if not s.busy() or now - s.last_emit >= EMIT_S:
                    self._emit(s, views=not s.busy() or now - s.last_view >= VIEW_S)
        return True

    def _step(self, group: BatchedGroup | None, active: list[_Slot]):
        if group is None:
            slot = active[0]
            try:
                if slot.run.step(1):
                    slot.took_step()
            except Exception:
                slot.run.status, slot.run.reason, slot.pending = "stopped", traceback.format_exc(limit=2), 0
            return
        position = {id(r): i for i, r in enumerate(group.members)}
        try:
            stepped = set(group.step([position[id(s.run)] for s in active]))
        except Exception:
            # Never seen; but should a batched step fail, its runs go on alone rather than stop.
            traceback.print_exc()
            for s in self.slots.values():
                s.alone = s.alone or any(s.run is r for r in group.members)
            return
        for s in active:
            if position[id(s.run)] in stepped:
                s.took_step()
            else:
                s.pending = 0

    def _emit(self, slot: _Slot, reset=False, views=True):
        run, now = slot.run, time.monotonic()
        new = {k: v[slot.sent:] for k, v in run.history.items()}
        slot.sent = len(run.history["step"])
        evals, slot.sent_evals = run.evals[slot.sent_evals:], len(run.evals)
        update = {"status": run.status, "reason": run.reason, "message": slot.message,
                  "notice": slot.notice if now < slot.notice_until else None,
                  "steps": run.steps, "train_seconds": run.train_seconds,
                  "hyper": dict(run.hyper), "metrics": new, "evals": evals, "reset": reset,
                  "snapshots": [(s["step"], s["seconds"]) for s in run.snapshots],
                  "changes": run.changes[-50:], "views": {}}
        for name in slot.watch if views else ():
            try:
                update["views"][name] = run.view(name)
            except Exception as exc:
                update["message"] = f"could not draw {name}: {exc}"
        if self.checkpoint_s is not None and run.steps != slot.checkpoint_step \
                and (slot.checkpoint_step is None or now - slot.last_checkpoint >= self.checkpoint_s):
            update["checkpoint"] = checkpoint(run)
            slot.checkpoint_step, slot.last_checkpoint = run.steps, now
        slot.last_emit = now
        if views:
            slot.last_view = now
        self.outbox.put((slot.id, update))


def checkpoint(run: TrainingRun) -> dict:
    """The run's state now as a snapshot of numpy arrays: what a new worker reopens it from."""
    def arrays(tree):
        if isinstance(tree, torch.Tensor):
            return tree.detach().cpu().numpy().copy()
        if isinstance(tree, dict):
            return {k: arrays(v) for k, v in tree.items()}
        if isinstance(tree, (list, tuple)):
            return type(tree)(arrays(v) for v in tree)
        return tree
    return {"step": run.steps, "seconds": run.train_seconds, "hyper": dict(run.hyper),
            "weights": arrays(run.model.state_dict()), "optimizer": arrays(run.optimizer.state_dict())}


def worker_main(inbox, outbox, device="cpu", threads=1, checkpoint_s=None):
    """Entry point of a worker process: one torch thread, so workers do not fight for cores, and a
    lower priority than the server's: with every core training, the event loop that serves every
    page still gets its turn (bench/noisy_neighbour.py, c)."""
    torch.set_num_threads(threads)
    try:
        os.nice(WORKER_NICE)
    except OSError:  # not allowed here: train at the server's priority
        pass
    parent = multiprocessing.parent_process()
    WorkerLoop(inbox, outbox, device, orphaned=lambda: parent is not None and not parent.is_alive(),
               checkpoint_s=checkpoint_s).serve_forever()
