"""The best raw PyTorch can do with N students' /rnn models on this machine: two processes, each
stepping its half, either one model after another (nn.LSTM, Adam) or all at once (vmap, explicit cells)."""
import multiprocessing as mp
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch.func import grad, vmap

from engine.models import SequenceRegressor
from engine.sequences import next_step_batch

HIDDEN, BATCH, LENGTH, LR = 16, 32, 40, 0.01  # the "Train it" run's model and settings


def _looped(models: int, seconds: float, seed: int) -> float:
    """One nn.LSTM model after another, each with its own Adam: steps/s over `seconds`."""
    torch.manual_seed(seed)
    nets = [SequenceRegressor(HIDDEN, 1, "lstm") for _ in range(models)]
    opts = [torch.optim.Adam(n.parameters(), lr=LR) for n in nets]
    rng = np.random.default_rng(seed)

    def step():
        for net, opt in zip(nets, opts):
            x, y = next_step_batch("sine", BATCH, LENGTH, 0.0, rng)
            loss = F.mse_loss(net(torch.from_numpy(x)), torch.from_numpy(y))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss.item()
        return models
    return _timed(step, seconds)


def _timed(step, seconds: float) -> float:
    """Model steps/s of repeated step() for about `seconds`, after two untimed warm-up calls (the
    first vmapped call took 3.5 s here)."""
    step(), step()
    steps, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        steps += step()
    return steps / (time.perf_counter() - started)


def _lstm_loss(p: dict, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """One model's loss with the LSTM written out (nn.LSTM cannot be vmapped). x, y (B, T, 1)."""
    h = x.new_zeros(x.shape[0], HIDDEN)
    c = x.new_zeros(x.shape[0], HIDDEN)
    outs = []
    for t in range(x.shape[1]):
        gates = x[:, t] @ p["w_ih"].T + h @ p["w_hh"].T + p["b"]  # (B, 4H): i, f, g, o
        i, f, g, o = gates.chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outs.append(h)
    pred = torch.stack(outs, 1) @ p["w_out"].T + p["b_out"]  # (B, T, 1)
    return F.mse_loss(pred, y)


def _batched(models: int, seconds: float, seed: int) -> float:
    """All models as one vmapped step over stacked parameters, Adam written on the stacks."""
    torch.manual_seed(seed)
    nets = [SequenceRegressor(HIDDEN, 1, "lstm") for _ in range(models)]
    p = {"w_ih": torch.stack([n.rnn.weight_ih_l0.detach() for n in nets]),
         "w_hh": torch.stack([n.rnn.weight_hh_l0.detach() for n in nets]),
         "b": torch.stack([(n.rnn.bias_ih_l0 + n.rnn.bias_hh_l0).detach() for n in nets]),
         "w_out": torch.stack([n.head.weight.detach() for n in nets]),
         "b_out": torch.stack([n.head.bias.detach() for n in nets])}
    m = {k: torch.zeros_like(v) for k, v in p.items()}
    v2 = {k: torch.zeros_like(v) for k, v in p.items()}
    step_grads = vmap(grad(_lstm_loss))
    rng = np.random.default_rng(seed)
    k = 0

    def step():
        nonlocal k
        data = [next_step_batch("sine", BATCH, LENGTH, 0.0, rng) for _ in range(models)]
        x = torch.from_numpy(np.stack([d[0] for d in data]))  # (N, B, T, 1)
        y = torch.from_numpy(np.stack([d[1] for d in data]))
        g = step_grads(p, x, y)
        k += 1
        with torch.no_grad():
            for name in p:
                m[name].mul_(0.9).add_(g[name], alpha=0.1)
                v2[name].mul_(0.999).addcmul_(g[name], g[name], value=0.001)
                denom = (v2[name] / (1 - 0.999 ** k)).sqrt_().add_(1e-8)
                p[name].addcdiv_(m[name], denom, value=-LR / (1 - 0.9 ** k))
        g["w_out"].sum().item()  # the engine reads every loss too: one sync per step
        return models
    return _timed(step, seconds)


def _worker(args):
    kind, models, seconds, seed = args
    torch.set_num_threads(1)
    return (_batched if kind == "batched" else _looped)(models, seconds, seed)


def two_processes(kind: str, models: int, seconds: float = 5.0) -> float:
    """Aggregate optimiser steps/s of `models` models split over two processes, `kind` looped or batched."""
    halves = [models - models // 2, models // 2]
    jobs = [(kind, n, seconds, seed) for seed, n in enumerate(halves) if n > 0]
    with mp.get_context("spawn").Pool(len(jobs)) as pool:
        return sum(pool.map(_worker, jobs))  # each process times its own steps/s, both at once


def best(models: int, seconds: float = 5.0) -> tuple[str, float, dict]:
    """The faster arrangement for `models` models: its name, steps/s, and both figures."""
    both = {kind: two_processes(kind, models, seconds) for kind in ("looped", "batched")}
    kind = max(both, key=both.get)
    return kind, both[kind], both


if __name__ == "__main__":
    for n in (1, 10, 30):
        print(n, best(n, 3.0))
