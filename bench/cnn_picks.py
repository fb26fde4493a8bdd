"""The /cnn defaults picked from the trained network, over seeds: the unsure input's softmax, the ReLU
example's negatives, the first kernel position's ink. `python -m bench.cnn_picks`.
"""
import numpy as np
import torch

from engine.cnn_picks import first_inked_position, pick_relu_example, pick_unsure_input, softmax_entropy
from engine.run import TrainingRun
from engine.tasks import make_task


def main(seeds=range(5), steps=200):
    torch.set_num_threads(1)
    print(f"digits CNN after {steps} steps (lr 0.003, batch 32): the picked input's top probability and entropy"
          " (median over the validation set); the ReLU map's share of negative cells and most negative / max;"
          " ink cells in the first kernel window shown (position 0's)")
    print("seed  acc  input  p_max  entropy  median   relu map       neg  min/max  ink  ink@0  old relu neg")
    for seed in seeds:
        run = TrainingRun(make_task("digits"), hyper={"lr": 0.003, "batch_size": 32}, seed=seed)
        run.step(steps)
        task, model = run.task, run.model
        with torch.no_grad():
            probs = torch.softmax(model.eval()(task.x_val), dim=1).numpy()
        model.train()
        entropy = softmax_entropy(probs)
        index = pick_unsure_input(model, task.x_val, task.y_val)
        run.set(input_index=index)
        view = run.view("maps")
        pick = pick_relu_example(view)
        before = view["maps"][pick["layer"] - 1][pick["channel"]]
        old = view["maps"][view["kinds"].index("relu") - 1][0]
        x = view["maps"][0]
        position = first_inked_position(x, 3, 1)
        row, col = divmod(position, x.shape[2])
        padded = np.pad(x[0], 1)
        ink, ink0 = (padded[row:row + 3, col:col + 3] != 0).sum(), (padded[:3, :3] != 0).sum()
        accuracy = (probs.argmax(1) == task.y_val.numpy()).mean()
        name = f"{view['names'][pick['layer']]}/{pick['channel']}"
        print(f"{seed:4d} {accuracy:.3f} {index:5d} {probs[index].max():6.3f} {entropy[index]:8.3f} "
              f"{np.median(entropy):7.4f}   {name:12s} {(before < 0).mean():5.2f} {before.min() / before.max():8.2f}"
              f" {ink:4d} {ink0:6d} {(old < 0).mean():13.2f}", flush=True)


if __name__ == "__main__":
    main()
