import os
import sys

import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(params=["cpu", "cuda"])
def device(request):
    """Engine tests run on the CPU and, where torch sees a GPU, on CUDA too."""
    if request.param == "cuda" and not torch.cuda.is_available():
        pytest.skip("no CUDA GPU on this machine")
    return request.param


# The store's backends (SQLite and a throwaway PostgreSQL), for every test that asks for a store.
from tests.store_backends import module_store_url, postgres_admin_url, store, store_url  # noqa: E402, F401
