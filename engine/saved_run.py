"""A run's saved state as bytes, for the store: the checkpoint a worker sent (weights, optimiser,
step, settings), the loss history up to it and its evaluations.

Written with torch.save and read back with `weights_only=True`, so a blob read from a database
can only ever become tensors, numbers, strings, lists and dicts, never code.
"""
import io

import numpy as np
import torch


def pack(state: dict) -> bytes:
    """`state`: {checkpoint, history, evals} as RunHandle.saved_state() gives it."""
    buffer = io.BytesIO()
    torch.save(_tree(state, to_torch=True), buffer)
    return buffer.getvalue()


def unpack(blob: bytes) -> dict:
    state = torch.load(io.BytesIO(blob), weights_only=True)
    if not isinstance(state, dict) or not {"checkpoint", "history", "evals"} <= set(state):
        raise ValueError("not a saved run")
    return _tree(state, to_torch=False)


def _tree(tree, to_torch: bool):
    if to_torch and isinstance(tree, np.ndarray):
        return torch.from_numpy(tree.copy())
    if not to_torch and isinstance(tree, torch.Tensor):
        return tree.numpy().copy()
    if isinstance(tree, dict):
        return {k: _tree(v, to_torch) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_tree(v, to_torch) for v in tree)
    return tree
