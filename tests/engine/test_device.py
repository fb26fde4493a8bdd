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


def test_serve_on_cuda_without_a_gpu_exits_with_one_clear_line():
    import subprocess
    import sys
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    done = subprocess.run([sys.executable, "-m", "explorables.cli", "serve", "--device", "cuda"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "explorables: --device cuda was asked for, but torch sees no CUDA GPU here"]
