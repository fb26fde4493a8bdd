"""The /cnn lesson's steps, one component a file, in the order the lesson shows them."""
from .build import Build
from .check import Understanding
from .conv import Conv
from .draw import Draw
from .learn import Learn
from .mistakes import Mistakes
from .overview import Overview
from .pool import Pool
from .relu import Relu
from .sandbox import Sandbox
from .softmax import Softmax
from .task import Task
from .wrapup import WrapUp

STEPS = (Task, Overview, Conv, Relu, Pool, Softmax, Sandbox, Learn, Mistakes, Draw, Build, Understanding, WrapUp)
