"""One student's state in the tuning lesson: each experiment is built when its step is first opened.

The experiments talk to the engine only through RunHandles; every number shown comes from a run.
"""
from .experiments.capacity import CapacityExperiment
from .experiments.challenge import Challenge
from .experiments.choices import ClassChoices
from .experiments.common import Identity
from .experiments.comparison import Comparison
from .experiments.knobs import L1Experiment, LrExperiment
from .experiments.tradeoff import TradeoffExplorer


class TuningSession:
    """Everything one student has in this lesson; each experiment starts when its step opens."""

    def __init__(self):
        self.identity = Identity()
        self._parts: dict = {}

    def part(self, name: str, make):
        if name not in self._parts:
            self._parts[name] = make()
        return self._parts[name]

    @property
    def lr(self) -> LrExperiment:
        return self.part("lr", lambda: LrExperiment(self.identity))

    @property
    def l1(self) -> L1Experiment:
        return self.part("l1", lambda: L1Experiment(self.identity))

    def comparison(self, key: str, **options) -> Comparison:
        return self.part(key, lambda: Comparison(self.identity, key=key, **options))

    @property
    def capacity(self) -> CapacityExperiment:
        return self.part("capacity-run", CapacityExperiment)

    @property
    def tradeoff(self) -> TradeoffExplorer:
        return self.part("tradeoff", lambda: TradeoffExplorer(self.identity, before_load=self.keep_knob_runs))

    def keep_knob_runs(self):
        """Steps 1-2's runs, as they stand, join the map (they are stored at each pause too)."""
        for name in ("lr", "l1"):
            if name in self._parts:
                self._parts[name].kept.keep()

    @property
    def choices(self) -> ClassChoices:
        return self.part("choices", lambda: ClassChoices(self.identity))

    @property
    def challenge(self) -> Challenge:
        return self.part("challenge", lambda: Challenge(self.identity))
