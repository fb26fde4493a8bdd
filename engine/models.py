"""Small models the lessons train. Each is plain PyTorch and reads top to bottom."""
import torch
from torch import nn


class SequenceRegressor(nn.Module):
    """A recurrent layer stack and a linear head: reads x (B, T, 1), predicts x_{t+1} (B, T, 1)."""

    def __init__(self, hidden: int = 16, layers: int = 1, cell: str = "lstm"):
        super().__init__()
        rnn_types = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}
        if cell not in rnn_types:
            raise ValueError(f"cell must be one of {', '.join(rnn_types)}")
        self.rnn = rnn_types[cell](1, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, _ = self.rnn(x)   # (B, T, hidden)
        return self.head(h)  # (B, T, 1)


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
