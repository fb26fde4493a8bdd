"""Example runs for the tuning lesson's class steps: a real sweep trained by the engine at the server's
first start, stored with the example flag, so the first students never see an empty class.
"""
import logging
import threading

from .run import TrainingRun
from .store.runs import RunStore
from .sweep import default_config, one_setting_apart, run_summary, split_config
from .tasks.classify import ClassifyTask

log = logging.getLogger("explorables.examples")

LESSON, KIND, BROWSER = "tuning", "compare", "example"
# The comparison steps' base (400 steps, learning rate 0.01), one setting apart per value: the
# settings a student's launch spreads over, three of each.
BASE = {"max_steps": 400, "lr": 0.01}
SWEEP = {"lr": [0.001, 0.01, 0.1], "batch_size": [4, 64, 1024], "optimizer": ["sgd", "adam"],
         "width": [4, 64, 512], "depth": [0, 2, 4], "dropout": [0.2, 0.5], "l1": [0.0003, 0.003],
         "weight_decay": [0.001, 0.01]}


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


def fill_examples(store: RunStore, configs: list[dict] | None = None) -> int:
    """Train and store the examples unless the store has some already; returns how many were stored."""
    if store.count(LESSON, example=True):
        return 0
    stored = 0
    for config in example_configs() if configs is None else configs:
        measures, curve = train_example(config)
        store.add(BROWSER, config, measures, curve, LESSON, KIND, example=True)
        stored += 1
    return stored


def fill_examples_in_background(store: RunStore, configs: list[dict] | None = None) -> threading.Thread:
    """fill_examples on a daemon thread, so serving starts at once; a failure is logged, not raised."""
    def work():
        try:
            n = fill_examples(store, configs)
            if n:
                log.warning("Stored %d example runs for the tuning lesson's class steps", n)
        except Exception:  # an example is a convenience: the site serves without it
            log.exception("Training the example runs failed; the class steps show only the class's runs")

    thread = threading.Thread(target=work, name="example-runs", daemon=True)
    thread.start()
    return thread
