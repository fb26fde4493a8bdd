"""The /tuning lesson's steps, one component a file, in the order the lesson shows them."""
from .batch import BatchAndNoise
from .capacity import Capacity
from .challenge import ChallengeStep
from .check import Understanding
from .choices import WhatOthersChose
from .compare import SideBySide
from .l1 import L1Penalty
from .lr import LearningRate
from .tradeoff_map import TradeoffMapStep
from .wrapup import WrapUp

STEPS = (LearningRate, L1Penalty, SideBySide, BatchAndNoise, Capacity, TradeoffMapStep, WhatOthersChose, ChallengeStep,
         Understanding, WrapUp)
