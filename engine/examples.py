"""Example runs for the tuning lesson's class steps: a real sweep trained by the engine at the server's
first start, stored with the example flag, so the first students never see an empty class.

Trained in a process of its own at a low priority (`python -m engine.examples --db URL`): on a
thread of the server it shared the server's interpreter lock with every page for minutes.
"""
import argparse
import json
import logging
import os
import subprocess
import sys

from .run import TrainingRun
from .settings import some
from .store import Store
from .store.runs import RunStore
from .sweep import default_config, one_setting_apart, run_summary, split_config
from .tasks.classify import ClassifyTask

log = logging.getLogger("explorables.examples")

LESSON, KIND, BROWSER = "tuning", "compare", "example"
# The comparison steps' base (400 steps, learning rate 0.01), one setting apart per value: the
# settings a student's launch spreads over, three of each.
BASE = {"max_steps": 400, "lr": 0.01}
SWEEP = {name: some(name, *values) for name, values in {
    "lr": [0.001, 0.01, 0.1], "batch_size": [4, 64, 1024], "optimizer": ["sgd", "adam"],
    "width": [4, 64, 512], "depth": [0, 2, 4], "dropout": [0.2, 0.5], "l1": [0.0003, 0.003],
    "weight_decay": [0.001, 0.01]}.items()}


def example_configs(base: dict | None = None, sweep: dict | None = None) -> list[dict]:
    """Every config of the sweep, the base itself once (where a value equals the base's, it is kept once)."""
    base = default_config(**{**BASE, **(base or {})})
    configs = [base]
    for name, values in (SWEEP if sweep is None else sweep).items():
        configs += [c for c in one_setting_apart(base, name, values) if c not in configs]
    return configs


def train_example(config: dict, eval_every: int = 25) -> tuple[dict, dict]:
    """Train one config to its step budget on this thread: (measures, curve) as a page stores them."""
    task_args, hyper, seed = split_config(config)
    run = TrainingRun(ClassifyTask(**task_args), hyper, seed=seed, eval_every=eval_every)
    run.resume()
    while run.status == "training":
        run.step(50)
    measures, curve = run_summary(run.evals, run.history)
    measures["status"] = run.status
    return measures, curve


def fill_examples(store: RunStore, configs: list[dict] | None = None, always: bool = False) -> int:
    """Train and store the examples unless the store has some already (or `always`); returns how
    many were stored."""
    if not always and store.count(LESSON, example=True):
        return 0
    stored = 0
    for config in example_configs() if configs is None else configs:
        measures, curve = train_example(config)
        store.add(BROWSER, config, measures, curve, LESSON, KIND, example=True)
        stored += 1
    return stored


def fill_examples_in_background(db_url: str, configs: list[dict] | None = None) -> subprocess.Popen:
    """fill_examples in a child process at the lowest priority, so serving starts at once and pages
    keep the cores; it exits with its parent. A failure is logged there, never raised here."""
    cmd = [sys.executable, "-m", "engine.examples", "--db", db_url, "--parent", str(os.getpid())]
    if configs is not None:
        cmd += ["--configs", json.dumps(configs)]
    return subprocess.Popen(cmd, preexec_fn=lambda: os.nice(19))


def _fill_while_parent_lives(store: RunStore, configs: list[dict] | None, parent: int) -> int:
    configs = example_configs() if configs is None else configs
    if store.count(LESSON, example=True):
        return 0
    stored = 0
    for config in configs:  # one run at a time, and none once the server is gone
        if parent and os.getppid() != parent:
            break
        stored += fill_examples(store, [config], always=True)
    return stored


def main(argv=None):
    ap = argparse.ArgumentParser(description="Train and store the tuning lesson's example runs.")
    ap.add_argument("--db", required=True, help="the store's URL or SQLite path")
    ap.add_argument("--parent", type=int, default=0, help="stop when this process is gone")
    ap.add_argument("--configs", help="JSON list of configs (default: the example sweep)")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    import torch
    torch.set_num_threads(1)  # the server's pages come first
    store = Store(a.db)
    try:
        n = _fill_while_parent_lives(store.runs, json.loads(a.configs) if a.configs else None, a.parent)
        if n:
            log.warning("Stored %d example runs for the tuning lesson's class steps", n)
    except Exception:  # an example is a convenience: the site serves without it
        log.exception("Training the example runs failed; the class steps show only the class's runs")
        return 1
    finally:
        store.flush()  # a write the store had to retry is made before the process ends
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
