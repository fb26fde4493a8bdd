"""The settings of the /rnn and /cnn lessons' tasks, declared as engine/settings.py declares the
classification task's: *Settings fixed when a run opens, *Hyper changeable between steps."""
from dataclasses import dataclass

from .cells import PINNABLE
from .corpora import CORPORA
from .models import CELLS
from .sequences import WAVES
from .settings import Settings, check, checked, choice, number

ONLY_LSTM_PINS = f"pins: only an LSTM's gates {', '.join(PINNABLE)} can be pinned"


def check_pins(value) -> dict:
    """The "pins" setting: LSTM gate -> the value it is fixed at; None or {} for none."""
    if not isinstance(value, dict | None):
        raise ValueError(f"pins must map gates to values, not {value!r}")
    pins = dict(value or {})
    other = [str(gate) for gate in pins if gate not in PINNABLE]
    if other:
        raise ValueError(f"{ONLY_LSTM_PINS}, not {', '.join(other)}")
    return {gate: check(f"pins[{gate!r}]", v, (0.0, 1.0)) for gate, v in pins.items()}


@dataclass(frozen=True)
class SequenceSettings(Settings):
    """The recurrent network of engine/tasks/sequence.py and its wave, fixed when a run opens."""

    kind: str = choice("sine", WAVES, "the wave it learns to continue")
    hidden: int = number(16, 1, 64, (4, 8, 16, 32), "units per recurrent layer")
    layers: int = number(1, 1, 4, (1, 2, 3, 4), "recurrent layers")
    cell: str = choice("lstm", CELLS, "the recurrent cell; ff: a memoryless feed-forward baseline")
    pins: dict = checked(None, check_pins, "LSTM gates fixed at a value (gate surgery)")
    window: int = number(40, 1, 200, doc="time steps each training example reads")

    def __post_init__(self):
        super().__post_init__()
        if self.pins and self.cell != "lstm":  # only the LSTM has these gates
            raise ValueError(f"{ONLY_LSTM_PINS}, not a {self.cell}'s")


@dataclass(frozen=True)
class SequenceHyper(Settings):
    """The sequence task's own hyperparameter, changeable between steps like RunSettings'."""

    noise: float = number(0.0, 0.0, 1.0, [round(0.05 * k, 2) for k in range(11)],
                          "spread of the Gaussian noise on the input (the target stays clean)")


# The /cnn page's architecture choices: the number of blocks, the first block's channels and
# every later block's (the engine takes any list of channels ConvSettings allows).
BLOCKS = (1, 2, 3, 4)
FIRST_CHANNELS = (2, 4, 8, 16)
LATER_CHANNELS = (4, 8, 16, 32)


def check_channels(value) -> tuple:
    """The "channels" setting: each block's output channels, one entry per block."""
    try:
        blocks = tuple(value)
    except TypeError:
        raise ValueError(f"channels must be a list of numbers, one per block, not {value!r}") from None
    if not 1 <= len(blocks) <= max(BLOCKS):
        raise ValueError(f"channels must name 1 to {max(BLOCKS)} blocks, not {len(blocks)}")
    return tuple(check("a block's channels", c, (1, 64)) for c in blocks)


@dataclass(frozen=True)
class ConvSettings(Settings):
    """The TinyVGG of engine/tasks/digits.py (and shapes.py) and its input size, fixed when a run opens."""

    channels: tuple = checked((8, 16), check_channels, "output channels of each conv block")
    kernel: int = number(3, 1, 15, (3, 5, 7), "square kernel of every conv layer")
    padding: int = number(1, 0, 7, (0, 1, 2), "zero padding of every conv layer")
    size: int = number(16, 8, 64, doc="input height = width, in pixels")


def check_drawing(value) -> tuple:
    """The "drawing" setting: () for none, else 64 whole counts 0..16."""
    message = "a drawing is 64 counts between 0 and 16 (8x8 blocks of 4x4 pixels)"
    try:
        counts = tuple(int(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{message}, not {value!r}") from None
    if counts and (len(counts) != 64 or min(counts) < 0 or max(counts) > 16):
        raise ValueError(message)
    return counts


@dataclass(frozen=True)
class ShapesHyper(Settings):
    """The shapes task's own hyperparameter: which input the "maps" view traces (no new run needed)."""

    input_index: int = number(0, 0, 100_000, doc="the validation image the maps view traces")


@dataclass(frozen=True)
class DigitsHyper(ShapesHyper):
    """The shapes' input_index and the student's own digit, traced instead when not empty."""

    drawing: tuple = checked((), check_drawing, "64 counts 0..16 (engine/digits.py drawing_to_digit)")


@dataclass(frozen=True)
class TextSettings(Settings):
    """The character LSTM of engine/tasks/text.py and its corpus, fixed when a run opens."""

    corpus: str = choice("pattern", CORPORA, "the text it learns")
    hidden: int = number(32, 1, 256, doc="units of the LSTM")
    window: int = number(32, 1, 256, doc="characters each training example reads")
    sample_length: int = number(80, 1, 1000, doc="characters the sample view writes")


@dataclass(frozen=True)
class TextHyper(Settings):
    """The text task's own hyperparameter: it changes how the network writes, never its weights."""

    temperature: float = number(0.7, 0.05, 3.0, [round(0.1 * k, 1) for k in range(1, 21)],
                                "divides the scores before sampling: low picks the likeliest character")
