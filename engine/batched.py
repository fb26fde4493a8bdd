"""BatchedGroup: many runs whose models share one architecture and task, stepped as one
vmapped computation, each with its own data, learning rate and optimiser state.

The group stacks the members' parameters and optimiser state into (N, ...) tensors and
points every member's parameters and torch optimiser state at its slice, so a member's own
model and optimiser stay true at every step: snapshots, views and evaluations read them as
they would read a run that trains alone. nn.LSTM/GRU/RNN cannot be vmapped (PyTorch
#105982); inside the group they run as the explicit cells of engine/cells.py (same numbers).
"""
import copy
import time

import torch
from torch import nn
from torch.func import functional_call, vmap

from .cells import layer_weights

BETAS, EPS = (0.9, 0.999), 1e-8  # torch.optim.Adam's defaults, which TrainingRun uses
STATE = {"adam": ("step", "exp_avg", "exp_avg_sq"), "sgd": ("momentum_buffer",)}


def group_key(run, task_key) -> tuple | None:
    """What members of one group share; None when this run must step alone (a probe's hooks,
    a penalty term, dropout's randomness or buffers do not batch)."""
    model, hp = run.model, run.hyper
    if run.probe is not None or run.task.penalty(model, hp) is not None:
        return None
    for m in model.modules():
        if isinstance(m, nn.Dropout) and m.p > 0:
            return None
        if isinstance(m, nn.RNNBase) and not _cells_can_replace(m):
            return None
    if next(model.buffers(), None) is not None:
        return None
    shapes = tuple((n, tuple(p.shape)) for n, p in model.named_parameters())
    return (task_key, type(model).__name__, shapes, repr(getattr(model, "pins", None)),
            hp["optimizer"], int(hp["batch_size"]), str(run.device))


def _cells_can_replace(m: nn.RNNBase) -> bool:
    kind = {nn.LSTM: "lstm", nn.GRU: "gru", nn.RNN: "rnn"}.get(type(m))
    return (kind is not None and m.batch_first and not m.bidirectional and m.dropout == 0
            and getattr(m, "proj_size", 0) == 0 and m.bias
            and (kind != "rnn" or m.nonlinearity == "tanh"))


def _explicit_forward(module: nn.RNNBase):
    """A forward for `module` computed with explicit cells (vmappable): input gates of all
    time steps precomputed and sliced with unbind (NOTES: indexing allocated a whole-sequence
    gradient per backward step)."""
    kind = {nn.LSTM: "lstm", nn.GRU: "gru", nn.RNN: "rnn"}[type(module)]
    H, L = module.hidden_size, module.num_layers

    def forward(x, state=None):
        B = x.shape[0]
        if state is None:
            zeros = x.new_zeros(L, B, H)
            state = (zeros, zeros) if kind == "lstm" else zeros
        h0, c0 = state if kind == "lstm" else (state, None)
        inputs, finals_h, finals_c = x, [], []
        for layer in range(L):
            w_ih, w_hh, b_ih, b_hh = layer_weights(module, layer)
            xg = inputs @ w_ih.T + b_ih                     # (B, T, gates * H)
            h, c, outs = h0[layer], (c0[layer] if c0 is not None else None), []
            for xg_t in xg.unbind(1):
                hg = h @ w_hh.T + b_hh
                if kind == "lstm":
                    i, f, g, o = (xg_t + hg).chunk(4, dim=1)
                    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                    h = torch.sigmoid(o) * torch.tanh(c)
                elif kind == "gru":
                    gi_r, gi_z, gi_n = xg_t.chunk(3, dim=1)
                    gh_r, gh_z, gh_n = hg.chunk(3, dim=1)
                    r, z = torch.sigmoid(gi_r + gh_r), torch.sigmoid(gi_z + gh_z)
                    h = (1 - z) * torch.tanh(gi_n + r * gh_n) + z * h
                else:
                    h = torch.tanh(xg_t + hg)
                outs.append(h)
            inputs = torch.stack(outs, dim=1)
            finals_h.append(h)
            finals_c.append(c)
        final = (torch.stack(finals_h), torch.stack(finals_c)) if kind == "lstm" else torch.stack(finals_h)
        return inputs, final
    return forward


class BatchedGroup:
    """Members are TrainingRuns with one group_key; step(indices) takes one optimiser step
    for those members (the others keep still), as their own runs would have."""

    def __init__(self, key):
        self.key, self.members, self._bound = key, [], None
        self.template = None

    def set_members(self, runs: list):
        """Members change: the ones that leave get their own storage back (weights kept)."""
        staying = {id(r) for r in runs}
        for r in self.members:
            if id(r) not in staying:
                release(r)
        self.members, self._bound = list(runs), None

    def release_all(self):
        self.set_members([])

    # --- binding: the members' tensors become slices of stacked ones -------------------------
    def _bind(self):
        runs = self.members
        signature = [(id(r.model), id(r.optimizer)) for r in runs]
        if self._bound == signature and self._intact():
            return
        first = runs[0].model
        self.template = copy.deepcopy(first)
        for m in self.template.modules():
            if isinstance(m, nn.RNNBase):
                m.forward = _explicit_forward(m)
        self.names = [n for n, _ in first.named_parameters()]
        self.kind = runs[0].hyper["optimizer"]
        per_run = [dict(r.model.named_parameters()) for r in runs]
        self.params = {n: torch.stack([p[n].detach() for p in per_run]) for n in self.names}
        self.state = {s: {} for s in STATE[self.kind]}
        for n in self.names:
            states = [r.optimizer.state[p[n]] for r, p in zip(runs, per_run)]
            for s in STATE[self.kind]:
                self.state[s][n] = torch.stack([_state_or_zero(st, s, p[n]) for st, p in zip(states, per_run)])
        for i, (r, p) in enumerate(zip(runs, per_run)):
            for n in self.names:
                p[n].data = self.params[n][i]
                st = r.optimizer.state[p[n]]
                for s in STATE[self.kind]:
                    st[s] = self.state[s][n][i]
        self._bound = signature

    def _intact(self) -> bool:
        """False once a member's weights or optimiser state were replaced (a restore loads a
        new optimiser state; a reset builds a new model)."""
        for i, r in enumerate(self.members):
            for n, p in r.model.named_parameters():
                if p.data_ptr() != self.params[n][i].data_ptr():
                    return False
                st = r.optimizer.state.get(p, {})
                if any(st.get(s) is None or st[s].data_ptr() != self.state[s][n][i].data_ptr()
                       for s in STATE[self.kind]):
                    return False
        return True

    # --- one step -------------------------------------------------------------------------
    def step(self, indices: list[int]) -> list[int]:
        """One optimiser step for members[indices]; returns the indices that stepped (a member
        whose loss is not finite stops, as TrainingRun does, and its weights stay)."""
        self._bind()
        started = time.perf_counter()
        runs = [self.members[i] for i in indices]
        device = self.params[self.names[0]].device
        batches = [r.next_batch() for r in runs]
        x = torch.stack([b[0] for b in batches]).to(device)
        y = torch.stack([b[1] for b in batches]).to(device)
        every = len(indices) == len(self.members)
        index = None if every else torch.tensor(indices, device=device)
        pick = (lambda t: t) if every else (lambda t: t.index_select(0, index))
        params = {n: pick(self.params[n]).detach().requires_grad_() for n in self.names}
        task = runs[0].task

        def loss_of(p, xb, yb):
            out = functional_call(self.template, p, (xb,))
            return task.loss(out, yb), out

        loss, out = vmap(loss_of)(params, x, y)
        values = loss.detach().tolist()
        finite = [r.accept_loss(v) for r, v in zip(runs, values)]
        loss.sum().backward()
        with torch.no_grad():
            self._update(runs, pick, index, params, finite)
        share = (time.perf_counter() - started) / len(runs)
        out = out.detach()
        stepped = []
        for k, (r, ok) in enumerate(zip(runs, finite)):
            if ok:
                r.record_step(values[k], out[k], y[k], share)
                r.check_budget()
                stepped.append(indices[k])
        return stepped

    def _update(self, runs, pick, index, params, finite):
        """The optimiser step of each member, as torch.optim.Adam / SGD (single-tensor path)
        compute it, with each member's own learning rate, decay and momentum."""
        groups = [r.optimizer.param_groups[0] for r in runs]
        device = params[self.names[0]].device
        def column(key):
            return torch.tensor([g[key] for g in groups], dtype=torch.float64, device=device)
        lr, wd = column("lr"), column("weight_decay").float()
        keep = None if all(finite) else torch.tensor(finite, device=device)
        for n in self.names:
            p, g = params[n].detach(), params[n].grad
            shape = (-1,) + (1,) * (p.dim() - 1)
            g = g + p * wd.view(shape) if bool(wd.any()) else g
            new = {}
            if self.kind == "adam":
                step = pick(self.state["step"][n]) + 1
                m = pick(self.state["exp_avg"][n]).lerp(g, 1 - BETAS[0])
                v = torch.addcmul(pick(self.state["exp_avg_sq"][n]) * BETAS[1], g, g, value=1 - BETAS[1])
                s64 = step.double()
                step_size = (lr / (1 - BETAS[0] ** s64)).float().view(shape)
                bc2_sqrt = (1 - BETAS[1] ** s64).sqrt().float().view(shape)
                denom = v.sqrt() / bc2_sqrt + EPS
                new["param"] = p + (m / denom) * -step_size
                new.update(step=step, exp_avg=m, exp_avg_sq=v)
            else:
                mom = column("momentum").float().view(shape)
                buf = pick(self.state["momentum_buffer"][n])
                buf_new = torch.where(mom > 0, buf * mom + g, buf)
                direction = torch.where(mom > 0, buf_new, g)
                new["param"] = torch.addcmul(p, direction, (-lr).float().view(shape))
                new["momentum_buffer"] = buf_new
            for name, value in new.items():
                target = self.params[n] if name == "param" else self.state[name][n]
                if keep is not None:
                    value = torch.where(keep.view((-1,) + (1,) * (value.dim() - 1)), value, pick(target))
                if index is None:
                    target.copy_(value)
                else:
                    target.index_copy_(0, index, value)


def _state_or_zero(state: dict, name: str, param: torch.Tensor) -> torch.Tensor:
    """A member's optimiser state, or what torch would start it at (an SGD momentum buffer
    starts as the first gradient: 0 * momentum + gradient)."""
    if name in state and state[name] is not None:
        return state[name].detach()
    if name == "step":
        return torch.tensor(0.0, dtype=torch.float32, device=param.device)
    return torch.zeros_like(param.detach())


def release(run):
    """A member leaving its group: its weights and optimiser state into storage of its own."""
    for p in run.model.parameters():
        p.data = p.data.clone()
        st = run.optimizer.state.get(p)
        if st:
            for k, v in st.items():
                if isinstance(v, torch.Tensor):
                    st[k] = v.clone()
