import pytest
import torch

from engine.device import resolve_device


def test_auto_picks_cuda_only_when_present(monkeypatch):
    monkeypatch.delenv("EXPLORABLES_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert resolve_device().type == expected
    assert resolve_device("cpu").type == "cpu"


def test_the_environment_overrides_auto(monkeypatch):
    monkeypatch.setenv("EXPLORABLES_DEVICE", "cpu")
    assert resolve_device().type == "cpu"


def test_bad_or_missing_devices_are_refused(monkeypatch):
    with pytest.raises(ValueError):
        resolve_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="no CUDA"):
            resolve_device("cuda")
