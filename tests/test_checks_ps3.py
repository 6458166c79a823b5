"""Unit tests of the hidden checks of problem set 3 (autograder/checks/ps3.py).

The corpus (tests/submissions/ps3) shows what the checks accept and reject; these tests pin down the
properties behind it: the thresholds keep their margin over the reference, the checks are fast and
leave the student's PyTorch state alone (also in the kernel, when they run in the grader), and hostile
return values fail quickly.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
import torch

from autograder import corpus, problemsets, run_check
from autograder.checks import ps3
from autograder.runtime import CheckFailure

PS = problemsets.resolve("ps3")


@pytest.fixture(scope="module")
def reference() -> dict:
    """The namespace of the source notebook's setup, helpers and solution cells (no demos)."""
    source = json.loads(PS.source.read_text(encoding="utf-8"))
    variant = corpus.Variant("reference", PS.source, "reference", "reference", {}, {})
    ns: dict = {"__name__": "__main__"}
    for cell in source["cells"]:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell["cell_type"] != "code":
            continue
        if corpus.is_solution(cell):
            code = corpus.solution_source(cell, variant)
        elif tags & {"setup", "helpers"}:
            code = cell["source"]
        else:
            continue
        exec(compile(corpus._python_only(code), "<cell>", "exec"), ns)  # noqa: S102
    return ns


def _calls(ns: dict) -> dict[str, tuple]:
    return {
        "forward_pass": (ns["forward_pass"],),
        "backprop_13": (ns["backprop_13"],),
        "check_grad_error": (ns["check_grad_error"], ns["backprop_13"], ns["x_train"], ns["y_train"],
                             ns["x_test"], ns["y_test"], ns["w0"]),
        "train_numpy": (ns["train_numpy"],),
        "build_model": (ns["build_model"],),
        "weights_to_model": (ns["weights_to_model"],),
        "model_to_weights": (ns["model_to_weights"],),
        "train_torch": (ns["train_torch"],),
        "mlp": (ns["MLP"],),
        "train_epoch": (ns["train_epoch"],),
        "evaluate": (ns["evaluate"],),
    }


def test_every_public_check_is_called_by_the_notebook(reference):
    assert set(_calls(reference)) == set(ps3.__all__)
    text = PS.source.read_text(encoding="utf-8")
    for name in ps3.__all__:
        assert f'run_check(\\"ps3\\", \\"{name}\\"' in text, name


def test_reference_passes_fast_and_leaves_torch_state(reference):
    torch.set_num_threads(2)
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    times = {}
    for name, args in _calls(reference).items():
        started = time.perf_counter()
        run_check("ps3", name, *args)
        times[name] = time.perf_counter() - started
    assert torch.get_num_threads() == 2, "a check changed the number of threads"
    assert torch.equal(torch.rand(3), expected_next), "a check changed the global torch RNG"
    assert torch.is_grad_enabled()
    slow = {k: round(v, 2) for k, v in times.items() if v > 10}
    assert not slow, f"checks slower than 10 s: {slow}"
    assert sum(times.values()) < 30, times


@pytest.mark.parametrize("source", ["mnist", "digits"])
def test_mlp_threshold_keeps_a_margin(reference, monkeypatch, source):
    """The reference MLP clears the learning threshold by >= 4 points on 3 seeds."""
    if source == "digits":
        monkeypatch.setattr(ps3, "_mnist_subset", lambda n: None)
    elif ps3._mnist_subset(10) is None:
        pytest.skip("MNIST files not in the dataset cache")
    x_tr, y_tr, x_ev, y_ev, threshold, epochs, _ = ps3._learning_data()
    with ps3._torch_state():
        for seed in range(3):
            torch.manual_seed(seed)
            model = reference["MLP"](x_tr.shape[1], [128], 10)
            ps3.train_mlp_briefly(model, x_tr, y_tr, epochs, seed=seed)
            with torch.no_grad():
                accuracy = float((model(x_ev).argmax(1) == y_ev).float().mean())
            assert accuracy >= threshold + 0.04, (source, seed, accuracy)


def test_check_grad_band_holds_for_equivalent_losses(reference):
    """Differently written (correct) losses give check_grad values inside the accepted band."""
    from scipy.optimize import check_grad

    x, y, w, fp, bp = (reference[k] for k in ("x_train", "y_train", "w0", "forward_pass", "backprop_13"))
    losses = [
        lambda v: 0.5 * np.sum((y - fp(x, v)[1]) ** 2),
        lambda v: np.mean((y - fp(x, v)[1]) ** 2) * len(y) / 2,
        lambda v: 0.5 * float(((fp(x, v)[1] - y) ** 2).sum(axis=0)[0]),
    ]
    reference_value = check_grad(lambda v: ps3._loss13(x, y, v), lambda v: ps3._grad13(x, y, v), w)
    for loss in losses:
        value = check_grad(loss, lambda v: bp(x, y, v), w)
        assert value < ps3.CHECK_GRAD_LIMIT
        assert value * ps3.CHECK_GRAD_FACTOR >= reference_value
        ps3.check_grad_error(value, bp, x, y, reference["x_test"], reference["y_test"], w)


def test_endless_sequence_fails_fast():
    class Endless:
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return Endless()

    started = time.perf_counter()
    with pytest.raises(CheckFailure, match="Endless"):
        ps3.forward_pass(lambda x, w: (Endless(), Endless()))
    assert time.perf_counter() - started < 1


def test_wrong_layouts_are_distinct_permutations():
    w = np.arange(13.0)
    right = ps3._layout(w)
    for where, _ in ps3.WRONG:
        flat = np.sort(np.concatenate([np.ravel(v) for v in ps3._layout(w, where).values()]))
        assert np.array_equal(flat, w), "a wrong layout must use every weight once"
        assert any(not np.array_equal(ps3._layout(w, where)[k], right[k]) for k in right)
        assert np.array_equal(ps3._read(ps3._layout(w, where), where), w)


@pytest.fixture
def loopback(monkeypatch):
    """`run_check` through the real channel in this process (the kernel's side in this thread, the
    judge in another), as the corpus grades. (Not `judge.loopback_check` of this module's import: a
    local `run_check` before imports the grader's modules anew, and the proxies must be that judge's.)"""
    monkeypatch.setenv("AUTOGRADER_LOOPBACK", "1")
    monkeypatch.delenv("AUTOGRADER_CHANNEL", raising=False)
    return run_check


def test_reference_passes_every_check_through_the_channel(reference, loopback):
    """The checks in the grader against proxies: the models, loaders and optimizers they hand over
    built in the kernel, the MLP trained there step by step; the kernel's thread count, RNG and grad
    mode are as they were."""
    torch.set_num_threads(2)
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    for name, args in _calls(reference).items():
        loopback("ps3", name, *args)
    assert torch.get_num_threads() == 2, "a check changed the kernel's number of threads"
    assert torch.equal(torch.rand(3), expected_next), "a check changed the kernel's torch RNG"
    assert torch.is_grad_enabled()


def test_parameter_data_rebound_to_another_dtype_keeps_its_identity(loopback):
    """`p.data = float64 tensor` in a float32 model keeps the parameter objects (the dtype is what is
    wrong), also through the channel, where the parameters' values cross as new tensors."""
    def weights_to_model(w, model):
        w = torch.as_tensor(np.asarray(w, dtype=np.float64))
        model[0].bias.data = w[0:3].clone()
        model[0].weight.data = torch.stack([w[3:6], w[6:9]], dim=1)
        model[2].bias.data = w[9:10].clone()
        model[2].weight.data = w[10:13].reshape(1, 3).clone()
        return model

    for run in (ps3.weights_to_model, lambda fn: loopback("ps3", "weights_to_model", fn)):
        with pytest.raises(CheckFailure, match="changed the dtype"):
            run(weights_to_model)
