"""Character-level next-character prediction on a corpus of engine/corpora.py: the recurrent
lesson's text step."""
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..cells import run_cells
from ..corpora import CORPORA
from ..task_settings import TextHyper, TextSettings
from .base import Task


class CharModel(nn.Module):
    """One-hot characters (B, T, V) -> an LSTM (B, T, H) -> logits for the next character (B, T, V)."""

    def __init__(self, vocab: int, hidden: int):
        super().__init__()
        self.rnn = nn.LSTM(vocab, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)
        self.cell, self.pins = "lstm", {}

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.head(h)


class TextTask(Task):
    """`temperature` shapes the generated sample: low picks the likeliest character, high explores."""

    hyper_defaults = TextHyper().as_dict()
    hyper_limits = TextHyper.limits()

    def __init__(self, **settings):
        """settings: those of TextSettings (corpus, hidden, window, sample_length); a bad one raises ValueError."""
        self.settings = TextSettings.make(**settings)
        self.text = CORPORA[self.settings.corpus]
        self.chars = sorted(set(self.text))
        self.index = {c: i for i, c in enumerate(self.chars)}
        self.codes = np.array([self.index[c] for c in self.text])

    def one_hot(self, codes) -> torch.Tensor:
        return F.one_hot(torch.as_tensor(codes), len(self.chars)).float()

    def build_model(self) -> nn.Module:
        return CharModel(len(self.chars), self.settings.hidden)

    def batch(self, batch_size, hyper, rng):
        starts = rng.integers(0, len(self.codes) - self.settings.window - 1, size=batch_size)
        windows = np.stack([self.codes[s:s + self.settings.window + 1] for s in starts])  # (B, T+1)
        return self.one_hot(windows[:, :-1]), torch.from_numpy(windows[:, 1:])    # (B, T, V), (B, T)

    def loss(self, output, target):
        return F.cross_entropy(output.reshape(-1, output.shape[-1]), target.reshape(-1))

    def step_metrics(self, output, target):
        return {"accuracy": (output.argmax(-1) == target).float().mean().item()}

    def views(self):
        return {"sample": self.sample}

    @torch.no_grad()
    def sample(self, model: nn.Module, hyper: dict) -> dict:
        """Generate sample_length characters from the corpus's first character, feeding each back.

        text: the characters; cell (T, H): the LSTM's cell state after each character, read by
        replaying the text through the explicit cell; probability (T,): what the model gave
        each chosen character. Sampling is seeded, so only the model and temperature change it.
        """
        device = next(model.parameters()).device
        generator = torch.Generator().manual_seed(0)
        code, state, codes, chosen = self.codes[0], None, [], []
        for _ in range(self.settings.sample_length):
            out, state = model.rnn(self.one_hot([[code]]).to(device), state)
            probs = torch.softmax(model.head(out)[0, -1] / hyper["temperature"], -1).cpu()
            code = int(torch.multinomial(probs, 1, generator=generator))
            codes.append(code)
            chosen.append(float(probs[code]))
        _, _, steps = run_cells("lstm", model.rnn, self.one_hot([codes]).to(device))
        cell = torch.stack([s["c"][0] for s in steps[0]]).cpu().numpy()
        return {"text": "".join(self.chars[c] for c in codes), "cell": cell,
                "probability": np.array(chosen)}
