"""Which wave shows the LSTM's memory: RNN, GRU and LSTM trained as the /rnn compare steps train them.

Per seed: each cell's loss after the compare budget, the BPTT gradient reaching 20 steps back
(relative to the last step's), and gate surgery on the trained LSTM (forget gate pinned to 0).
`python -m bench.rnn_memory [wave] [steps]`; the defaults are engine/defaults.py's.
"""
import sys
import time

import torch

from engine.defaults import RNN_COMPARE, SURGERY_PIN
from engine.margins import BACK, bptt_reach, final_loss, held_out_loss, trained_sequence_run

CELLS = ("rnn", "gru", "lstm")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    kind = argv[0] if argv else RNN_COMPARE["kind"]
    steps = int(argv[1]) if len(argv) > 1 else RNN_COMPARE["steps"]
    torch.set_num_threads(1)
    print(f"wave {kind!r}, {steps} steps at {RNN_COMPARE['hyper']}, one torch thread. loss: mean of the last 20"
          f" steps; reach: |dL/dh| {BACK} steps back / at the last step; pinned: the trained LSTM's held-out"
          f" loss with {SURGERY_PIN} over its own")
    print("seed" + "".join(f"{c + ' loss':>11}{c + ' reach':>11}" for c in CELLS)
          + f"{'rnn/lstm loss':>14}{'lstm/rnn reach':>15}{'pinned/intact':>14}{'seconds':>8}")
    for seed in range(5):
        started = time.perf_counter()
        runs = {c: trained_sequence_run(c, seed, steps, kind) for c in CELLS}
        loss = {c: final_loss(r) for c, r in runs.items()}
        reach = {c: bptt_reach(r) for c, r in runs.items()}
        lstm = runs["lstm"]
        pinned = held_out_loss(lstm, SURGERY_PIN) / held_out_loss(lstm)
        print(f"{seed:4d}" + "".join(f"{loss[c]:11.2e}{reach[c]:11.2e}" for c in CELLS)
              + f"{loss['rnn'] / loss['lstm']:14.1f}{reach['lstm'] / reach['rnn']:15.3g}{pinned:14.1f}"
              + f"{time.perf_counter() - started:8.1f}", flush=True)


if __name__ == "__main__":
    main()
