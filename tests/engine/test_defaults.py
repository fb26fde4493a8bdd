"""The lessons' defaults teach what their steps say: margins measured in engine/defaults.py, asserted.

Each test trains real runs on one torch thread; bench/rnn_memory.py prints the /rnn table.
"""
import numpy as np
import pytest
import torch

from engine.cnn_picks import first_inked_position, pick_relu_example, pick_unsure_input, softmax_entropy
from engine.defaults import CHALLENGE_STEPS, SURGERY_PIN, TUNING_LR_STEP
from engine.margins import bptt_reach, final_loss, held_out_loss, trained_sequence_run
from engine.run import TrainingRun
from engine.sequences import ECHO_DELAY, WAVES, next_step_batch
from engine.sweep import default_config, split_config
from engine.tasks import make_task

SEEDS = range(5)


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


# --- /rnn ------------------------------------------------------------------------------------------
def test_the_sine_stays_the_first_wave_and_the_echo_repeats_its_cue_after_the_delay():
    assert list(WAVES)[0] == "sine"
    x, y = next_step_batch("echo", 64, 40, 0.0, np.random.default_rng(0))
    cue = x[:, 0, 0]
    assert np.all(np.abs(cue) >= 0.4)                           # every window opens on a cue
    assert np.array_equal(y[:, ECHO_DELAY - 1, 0], cue)         # y[t] = x[t+1]: the echo
    rest = np.delete(y[:, :, 0], ECHO_DELAY - 1, axis=1)
    assert np.all(rest == 0)                                    # nothing else a memoryless model misses


@pytest.fixture(scope="module")
def compared():
    """The /rnn compare steps' runs: vanilla RNN and LSTM on the echo, 5 seeds, the lesson's budget."""
    return {seed: {cell: trained_sequence_run(cell, seed) for cell in ("rnn", "lstm")} for seed in SEEDS}


def test_on_the_echo_the_vanilla_rnns_loss_stays_5x_the_lstms(compared):
    ratios = [final_loss(r["rnn"]) / final_loss(r["lstm"]) for r in compared.values()]
    assert sum(q >= 5 for q in ratios) >= 4, ratios


def test_the_vanilla_rnns_gradient_20_steps_back_is_10x_smaller_than_the_lstms(compared):
    ratios = [bptt_reach(r["lstm"]) / bptt_reach(r["rnn"]) for r in compared.values()]
    assert sum(q >= 10 for q in ratios) >= 4, ratios


def test_pinning_the_forget_gate_at_0_breaks_the_trained_lstm(compared):
    ratios = [held_out_loss(r["lstm"], SURGERY_PIN) / held_out_loss(r["lstm"]) for r in compared.values()]
    assert sum(q >= 5 for q in ratios) >= 4, ratios


# --- /cnn ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def digits_run():
    """The /cnn network after its 200-step head start (the lesson's settings)."""
    run = TrainingRun(make_task("digits"), hyper={"lr": 0.003, "batch_size": 32}, seed=0)
    run.step(200)
    return run


def test_the_default_input_is_one_the_trained_network_is_unsure_of_and_right_about(digits_run):
    task, model = digits_run.task, digits_run.model
    index = pick_unsure_input(model, task.x_val, task.y_val)
    with torch.no_grad():
        probs = torch.softmax(model.eval()(task.x_val), dim=1).numpy()
    model.train()
    entropy = softmax_entropy(probs)
    assert probs[index].max() < 0.9
    assert entropy[index] > np.median(entropy)
    assert probs[index].argmax() == int(task.y_val[index])
    assert probs[0].max() > 0.99  # the old default, image 0: a softmax of 100%


def test_the_relu_example_has_strong_negatives_and_keeps_some_positives(digits_run):
    digits_run.set(input_index=pick_unsure_input(digits_run.model, digits_run.task.x_val, digits_run.task.y_val))
    view = digits_run.view("maps")
    pick = pick_relu_example(view)
    assert view["kinds"][pick["layer"]] == "relu"
    before = view["maps"][pick["layer"] - 1][pick["channel"]]
    assert 0.25 <= (before < 0).mean() <= 0.75
    assert -before.min() >= 0.5 * before.max() > 0
    old = view["maps"][view["kinds"].index("relu") - 1][0]  # the old default: the first ReLU, channel 0
    assert np.clip(-before, 0, None).sum() > 3 * np.clip(-old, 0, None).sum()
    negative_by_row = np.clip(-before, 0, None).sum(axis=1)
    assert negative_by_row[pick["row"]] == negative_by_row.max() > 0  # the row printed shows them most


def test_the_first_kernel_position_shown_covers_ink(digits_run):
    x = digits_run.view("maps")["maps"][0]  # (1, 16, 16) the input image
    k, p = 3, 1
    position = first_inked_position(x, k, p)
    w_out = x.shape[2] + 2 * p - k + 1
    row, col = divmod(position, w_out)
    window = np.pad(x[0], p)[row:row + k, col:col + k]
    assert (window != 0).sum() >= 0.5 * k * k
    assert (np.pad(x[0], p)[:k, :k] != 0).sum() < (window != 0).sum()  # position 0: mostly padding
    blank = np.zeros_like(x)
    blank[0, 9, 12] = 1.0
    assert first_inked_position(blank, k, p) == 8 * w_out + 11  # none half inked: the most inked, first


# --- /tuning ---------------------------------------------------------------------------------------
def lr_step_run(lr: float, seed: int) -> TrainingRun:
    s = TUNING_LR_STEP
    return TrainingRun(make_task("classify", **s["task_args"]), hyper={**s["hyper"], "lr": lr}, seed=seed)


def test_the_learning_rate_step_learns_within_2_seconds_at_its_default_and_sits_flat_at_the_smallest():
    steps = 2 * TUNING_LR_STEP["steps_per_second"]  # 2 s at the step's pace
    for seed in range(3):
        for lr, low, high in ((TUNING_LR_STEP["lr"], 0.0, 0.5), (TUNING_LR_STEP["smallest_lr"], 0.9, 1.1)):
            run = lr_step_run(lr, seed)
            run.step(steps)
            loss = np.array(run.history["loss"])
            share = loss[-5:].mean() / loss[:5].mean()
            assert low <= share <= high, (lr, seed, share)


def test_the_challenge_stops_at_its_step_budget_and_its_target_takes_a_good_choice():
    challenge = dict(lr=0.001, optimizer="sgd", momentum=0.0, batch_size=32, width=128, depth=1)
    accuracy = {}
    for name, choice in (("defaults", {}), ("good", dict(optimizer="adam", lr=0.01, batch_size=128, width=256))):
        task_args, hyper, seed = split_config(default_config(**{**challenge, **choice}, max_steps=CHALLENGE_STEPS))
        run = TrainingRun(make_task("classify", **task_args), hyper, seed=seed, eval_every=25)
        run.resume()
        while run.status == "training":
            run.step(64)
        assert run.steps == CHALLENGE_STEPS and run.status == "paused"
        assert run.evals[-1]["step"] == CHALLENGE_STEPS
        accuracy[name] = run.evals[-1]["val_accuracy"]
    assert accuracy["defaults"] < 0.5 and accuracy["good"] >= 0.97, accuracy
