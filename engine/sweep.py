"""Families of runs that differ in exactly one setting, and what a finished run leaves behind."""
from .settings import ClassifySettings, RunSettings
from .tasks.classify import ClassifyTask

TASK_SETTINGS = ClassifySettings.names()

# The capacity step's run: 40 noisy moons points and a wide net, so it can memorise them. On seeds
# 0 and 1 (600 Adam steps) the gap was 13-14 points; width 4 left 5-9, weight decay 0.01 about 1
# (tests/engine/test_tuning.py checks these margins).
OVERFIT = {"dataset": "moons", "n_train": 40, "noise": 0.3, "width": 256, "depth": 2, "lr": 0.01,
           "max_steps": 600}


def one_setting_apart(base: dict, name: str, values) -> list[dict]:
    """A config per value: `base` with `name` replaced, nothing else changed (the seed included)."""
    if name not in base:
        raise ValueError(f"{name!r} is not a setting of this run; settings: {', '.join(sorted(base))}")
    return [{**base, name: value} for value in values]


def split_config(config: dict) -> tuple[dict, dict, int]:
    """A run's config -> (task_args, hyper, seed) for RunPool.open."""
    task_args = {k: v for k, v in config.items() if k in TASK_SETTINGS}
    hyper = {k: v for k, v in config.items() if k not in TASK_SETTINGS and k != "seed"}
    return task_args, hyper, int(config.get("seed", 0))


def default_config(**changes) -> dict:
    """Every setting of a classification run at its default, then `changes`."""
    base = {"seed": 0, **ClassifySettings().as_dict(), **RunSettings().as_dict(), **ClassifyTask.hyper_defaults}
    unknown = set(changes) - set(base)
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    return {**base, **changes}


def thin(values: list, most: int = 50) -> list:
    """At most `most` values, evenly spread, the last always kept."""
    if len(values) <= most:
        return list(values)
    step = (len(values) - 1) / (most - 1)
    return [values[round(i * step)] for i in range(most)]


def run_summary(evals: list[dict], history: dict | None = None) -> tuple[dict, dict]:
    """(measures, curve) of a finished run, from its evals (and loss history) as a page holds them.

    measures: the last eval's numbers plus seconds per step; curve: <= 50 points of each.
    """
    if not evals:
        return {}, {}
    last = evals[-1]
    measures = {k: v for k, v in last.items() if isinstance(v, (int, float))}
    measures["seconds_per_step"] = last["seconds"] / last["step"] if last["step"] else 0.0
    curve = {"step": thin([e["step"] for e in evals]),
             "val_accuracy": thin([e.get("val_accuracy") for e in evals]),
             "train_accuracy": thin([e.get("train_accuracy") for e in evals])}
    if history and history.get("loss"):
        curve["loss_step"], curve["loss"] = thin(list(history["step"])), thin(list(history["loss"]))
    return measures, curve
