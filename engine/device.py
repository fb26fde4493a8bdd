"""Which torch device the engine trains on: CUDA when present, else CPU, overridable."""
import os

import torch

ENV_VAR = "EXPLORABLES_DEVICE"
CHOICES = ("auto", "cpu", "cuda")


def resolve_device(choice: str | None = None) -> torch.device:
    """`choice` (or $EXPLORABLES_DEVICE, or "auto") -> a torch.device that exists here."""
    choice = (choice or os.environ.get(ENV_VAR) or "auto").lower()
    if choice not in CHOICES:
        raise ValueError(f"device must be one of {', '.join(CHOICES)}, not {choice!r}")
    if choice == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda was asked for, but torch sees no CUDA GPU here")
    if choice == "auto":
        choice = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(choice)
