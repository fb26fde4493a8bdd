"""The settings of a run, declared once: each with its default, the values it may take and the
values a page offers. The engine checks with them; the sweep and the pages read them."""
import math
from dataclasses import asdict, dataclass, field, fields

from .classify_data import DATASETS

# What the pages offer. A lesson shows a stretch of a ladder (between()), never its own list.
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
BATCH_SIZES = (4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048)
WIDTHS = (4, 8, 16, 32, 64, 128, 256, 512, 1024)
PENALTIES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03)  # weight decay and the L1 weight


def between(ladder, low, high) -> list:
    """The values of a ladder from low to high, both included."""
    return [v for v in ladder if low <= v <= high]


def number(default, low, high, offered=(), doc=""):
    """A numeric setting allowed in [low, high] (an int one when both ends are ints)."""
    return field(default=default, metadata={"limit": (low, high), "offered": tuple(offered), "doc": doc})


def choice(default, choices, doc=""):
    return field(default=default, metadata={"limit": tuple(choices), "offered": tuple(choices), "doc": doc})


def checked(default, test, doc=""):
    """A setting that is neither a number nor a choice: test(value) returns it as the run keeps it
    or raises ValueError."""
    return field(default=default, metadata={"limit": test, "offered": (), "doc": doc})


def check(name: str, value, limit):
    """The value as the run keeps it, or a ValueError that says what is allowed.

    limit: (low, high) for a number, a tuple of strings for a choice, or a callable that checks
    (and may convert) a value that is not a number (a drawn image, a list of channels)."""
    if callable(limit):
        return limit(value)
    if isinstance(limit[0], str):
        if value not in limit:
            raise ValueError(f"{name} must be one of {', '.join(limit)}, not {value!r}")
        return value
    try:
        number_ = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    low, high = limit
    if not (math.isfinite(number_) and low <= number_ <= high):
        raise ValueError(f"{name} must lie between {low:g} and {high:g}, not {value!r}")
    return int(number_) if isinstance(low, int) and isinstance(high, int) else number_


class Settings:
    """A frozen dataclass of settings, each checked when made: a bad value raises ValueError."""

    def __post_init__(self):
        for f in fields(self):
            object.__setattr__(self, f.name, check(f.name, getattr(self, f.name), f.metadata["limit"]))

    @classmethod
    def make(cls, **values):
        """As the constructor, but an unknown name is a ValueError too (bad input, not a bug)."""
        unknown = set(values) - set(cls.names())
        if unknown:
            raise ValueError(f"unknown settings {', '.join(sorted(unknown))}; settings: {', '.join(cls.names())}")
        return cls(**values)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def limits(cls) -> dict:
        """name -> what check() allows."""
        return {f.name: f.metadata["limit"] for f in fields(cls)}

    @classmethod
    def offered(cls, name: str) -> tuple:
        """The values a page offers for one setting."""
        return next(f.metadata["offered"] for f in fields(cls) if f.name == name)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RunSettings(Settings):
    """The optimiser's settings and the run's pace; every task has them, all changeable between steps."""

    lr: float = number(0.01, 1e-6, 100.0, LEARNING_RATES, "learning rate")
    batch_size: int = number(32, 1, 4096, BATCH_SIZES, "examples per step")
    weight_decay: float = number(0.0, 0.0, 1.0, PENALTIES, "L2 pull of the weights towards 0, per step")
    momentum: float = number(0.0, 0.0, 0.999, (0.0, 0.5, 0.9), "SGD's momentum (Adam ignores it)")
    optimizer: str = choice("adam", ("adam", "sgd"))
    steps_per_second: float = number(0.0, 0.0, 100000.0, doc="a pace to watch; 0: as fast as the machine goes")
    max_steps: int = number(0, 0, 10_000_000, doc="a budget: training pauses there (0: none)")
    max_seconds: float = number(0.0, 0.0, 100000.0, doc="a budget of training seconds (0: none)")


@dataclass(frozen=True)
class ClassifySettings(Settings):
    """The classification task's settings (engine/tasks/classify.py), fixed when a run opens."""

    dataset: str = choice("digits", DATASETS)
    width: int = number(32, 1, 1024, WIDTHS, "units per hidden layer")
    depth: int = number(1, 0, 8, (0, 1, 2, 3, 4, 6), "hidden layers")
    dropout: float = number(0.0, 0.0, 0.95, (0.0, 0.1, 0.2, 0.3, 0.5, 0.7), "share of units dropped in training")
    n_train: int = number(0, 0, 100_000, (50, 100, 200, 400, 800, 1437), "training examples kept (0: all)")
    noise: float = number(0.0, 0.0, 1.0, (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
                          "digits: share of labels flipped; moons, spiral: spread")


@dataclass(frozen=True)
class PenaltySettings(Settings):
    """The classification task's own hyperparameter, changeable between steps like RunSettings'."""

    l1: float = number(0.0, 0.0, 1.0, PENALTIES, "L1 pull of the weights towards 0 (its weight λ)")


OFFERS = (RunSettings, ClassifySettings, PenaltySettings)


def offered(name: str) -> tuple:
    """The values the pages may offer for a setting, as declared above."""
    for kind in OFFERS:
        if name in kind.names():
            return kind.offered(name)
    raise KeyError(f"no setting {name!r}")


def some(name: str, *values) -> list:
    """Values a page picks from a setting's offer; one that is not offered is a mistake in the page."""
    extra = [v for v in values if v not in offered(name)]
    if extra:
        raise ValueError(f"{name}: {extra} not among the offered {offered(name)}")
    return list(values)
