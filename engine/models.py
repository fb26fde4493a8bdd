"""Small models the lessons train. Each is plain PyTorch and reads top to bottom."""
import torch
from torch import nn

from .cells import run_cells

RECURRENT = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}
CELLS = (*RECURRENT, "ff")  # what SequenceRegressor builds; "ff" is the memoryless baseline
# An LSTM's forget gates start mostly open (a bias added, as Gers et al. 2000 and Jozefowicz et al. 2015
# advise). Measured on the echo wave (800 steps, lr 0.01, seeds 0 and 1, one thread): with torch's
# default (f ~ 0.5 at first) the LSTM stayed at the no-memory loss (1.3e-2) like the vanilla RNN;
# +1 learnt the echo on seed 0 only; +2 on both (9.6e-5, 1.2e-3); +3 no better than +2.
FORGET_BIAS = 2.0


class SequenceRegressor(nn.Module):
    """A recurrent layer stack and a linear head: reads x (B, T, 1), predicts x_{t+1} (B, T, 1).

    cell "ff" is the memoryless baseline: the same head on a hidden layer that sees x_t only.
    `pins` fixes LSTM gates ({"f": 1.0}); a pinned model runs the explicit cells of
    engine/cells.py, an intact one torch's fused kernel (the same numbers, ~4x faster).
    The sequence task checks these arguments first (engine/task_settings.py SequenceSettings).
    """

    def __init__(self, hidden: int = 16, layers: int = 1, cell: str = "lstm", pins: dict | None = None):
        super().__init__()
        self.cell, self.pins = cell, dict(pins or {})
        if cell == "ff":
            self.rnn = nn.Sequential(nn.Linear(1, hidden), nn.Tanh(),
                                     *[m for _ in range(layers - 1) for m in (nn.Linear(hidden, hidden), nn.Tanh())])
        else:
            self.rnn = RECURRENT[cell](1, hidden, num_layers=layers, batch_first=True)
            if cell == "lstm":
                with torch.no_grad():
                    for k in range(layers):  # torch's gate order is i, f, g, o
                        getattr(self.rnn, f"bias_ih_l{k}")[hidden:2 * hidden] += FORGET_BIAS
        self.head = nn.Linear(hidden, 1)

    def recur(self, x: torch.Tensor, state=None):
        """x (B, T, 1) -> hidden states (B, T, hidden), final state."""
        if self.cell == "ff":
            return self.rnn(x), None
        if self.pins:
            out, state, _ = run_cells(self.cell, self.rnn, x, state, self.pins)
            return out, state
        return self.rnn(x, state)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, _ = self.recur(x)  # (B, T, hidden)
        return self.head(h)   # (B, T, 1)


class MLP(nn.Module):
    """`depth` hidden layers of `width` ReLU units (dropout after each), then a linear head.

    x (B, inputs) -> logits (B, classes). depth 0 is a linear classifier.
    """

    def __init__(self, inputs: int, classes: int, width: int = 32, depth: int = 1, dropout: float = 0.0):
        super().__init__()
        layers, size = [], inputs
        for _ in range(depth):
            layers += [nn.Linear(size, width), nn.ReLU(), nn.Dropout(dropout)]
            size = width
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(size, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x.flatten(1)))  # (B, classes)
