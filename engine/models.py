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
