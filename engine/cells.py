"""Recurrent cells written out, one line per equation, for students to read beside the animation.

They take the weights of torch's nn.RNN / nn.GRU / nn.LSTM (same layout, same gate order) and
compute the same numbers, so the engine can train with torch's fast kernels and replay any
input through these cells to show every gate. Shapes: x (B, I), h and c (B, H).
"""
import torch

GATES = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n"), "rnn": ()}
PINNABLE = ("i", "f", "o")  # LSTM gates a student may fix to a constant


def lstm_cell(x, h, c, w_ih, w_hh, b_ih, b_hh, pins=None):
    """One LSTM step. Returns h_t, c_t and every intermediate (pre-activations z_*, gates)."""
    z = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh          # (B, 4H): torch's order i, f, g, o
    z_i, z_f, z_g, z_o = z.chunk(4, dim=1)
    i = torch.sigmoid(z_i)                              # input gate: how much new to write
    f = torch.sigmoid(z_f)                              # forget gate: how much old to keep
    g = torch.tanh(z_g)                                 # candidate: what to write
    o = torch.sigmoid(z_o)                              # output gate: how much to show
    pins = pins or {}
    i = torch.full_like(i, pins["i"]) if "i" in pins else i
    f = torch.full_like(f, pins["f"]) if "f" in pins else f
    o = torch.full_like(o, pins["o"]) if "o" in pins else o
    c_new = f * c + i * g                               # cell state: keep some, add some
    h_new = o * torch.tanh(c_new)                       # hidden state: what the cell shows
    parts = {"z_i": z_i, "z_f": z_f, "z_g": z_g, "z_o": z_o, "i": i, "f": f, "g": g, "o": o}
    return h_new, c_new, parts


def gru_cell(x, h, w_ih, w_hh, b_ih, b_hh):
    """One GRU step (torch's formulation: the reset gate scales the recurrent candidate term)."""
    gi = x @ w_ih.T + b_ih                              # (B, 3H): order r, z, n
    gh = h @ w_hh.T + b_hh
    gi_r, gi_z, gi_n = gi.chunk(3, dim=1)
    gh_r, gh_z, gh_n = gh.chunk(3, dim=1)
    r = torch.sigmoid(gi_r + gh_r)                      # reset gate
    z = torch.sigmoid(gi_z + gh_z)                      # update gate: how much old to keep
    n = torch.tanh(gi_n + r * gh_n)                     # candidate
    h_new = (1 - z) * n + z * h
    return h_new, {"r": r, "z": z, "n": n}


def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
    """One vanilla (Elman) RNN step with tanh."""
    h_new = torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)
    return h_new, {}


def layer_weights(module: torch.nn.RNNBase, layer: int):
    """(w_ih, w_hh, b_ih, b_hh) of one layer of a torch nn.RNN / nn.GRU / nn.LSTM."""
    return tuple(getattr(module, f"{name}_l{layer}") for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))


def run_cells(kind: str, module: torch.nn.RNNBase, x: torch.Tensor, state=None, pins=None,
              keep_graph_of_h: bool = False):
    """Feed x (B, T, I) through every layer of `module` with the explicit cells.

    Returns (out (B, T, H), final state in torch's format, steps) where steps[layer][t] holds
    that step's x_t, h_prev, c_prev, gates, c_t and h_t. With keep_graph_of_h, each h_t stays
    in the autograd graph with retain_grad(), so a backward pass leaves dL/dh_t on it (BPTT).
    """
    B, T, _ = x.shape
    H, L = module.hidden_size, module.num_layers
    if state is None:
        zeros = x.new_zeros(L, B, H)
        state = (zeros, zeros.clone()) if kind == "lstm" else zeros
    h0, c0 = state if kind == "lstm" else (state, None)
    inputs, steps, finals_h, finals_c = x, [], [], []
    for layer in range(L):
        weights = layer_weights(module, layer)
        h, c = h0[layer], (c0[layer] if c0 is not None else None)
        outs, record = [], []
        for x_t in inputs.unbind(1):
            h_prev, c_prev = h, c
            if kind == "lstm":
                h, c, parts = lstm_cell(x_t, h, c, *weights, pins=pins)
            elif kind == "gru":
                h, parts = gru_cell(x_t, h, *weights)
            else:
                h, parts = rnn_cell(x_t, h, *weights)
            if keep_graph_of_h and h.requires_grad:
                h.retain_grad()
            record.append({"x": x_t, "h_prev": h_prev, "c_prev": c_prev, "h": h, "c": c, **parts})
            outs.append(h)
        inputs = torch.stack(outs, dim=1)               # (B, T, H): the next layer's input
        steps.append(record)
        finals_h.append(h)
        finals_c.append(c)
    final = (torch.stack(finals_h), torch.stack(finals_c)) if kind == "lstm" else torch.stack(finals_h)
    return inputs, final, steps
