"""The /rnn lesson's steps, one component a file, in the order the lesson shows them."""
from .bptt import Bptt
from .cell import IntoTheCell
from .cells import CellsCompared
from .check import Check
from .gates import GatesOverTime
from .memory import WhyMemory
from .network import Network
from .surgery import GateSurgery
from .text import Text
from .train import TrainIt
from .wrapup import WrapUp

STEPS = (WhyMemory, Network, TrainIt, IntoTheCell, Check, GatesOverTime, Bptt, GateSurgery, CellsCompared, Text,
         WrapUp)
