"""Unit tests of the hidden checks of problem set 3 (autograder/checks/ps3.py).

The corpus (tests/submissions/ps3) shows what the checks accept and reject; these tests pin down the
properties behind it: the thresholds keep their margin over the reference, the checks leave the
student's PyTorch state alone (also in the kernel, when they run in the grader), and hostile
return values fail quickly.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from autograder import corpus, problemsets, run_check
from autograder.checks import ps3
from autograder.checks.ps3 import kernel_side as ps3_kernel_side
from autograder.checks.ps3 import mnist_mlp as ps3_mlp
from autograder.checks.ps3 import net13 as ps3_net13
from autograder.in_kernel import CheckFailure

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
        exec(compile(corpus._python_only(code), "<cell>", "exec"), ns)
    return ns


def _calls(ns: dict) -> dict[str, tuple]:
    return {
        "forward_pass": (ns["forward_pass"],),
        "backprop_13": (ns["backprop_13"],),
        "check_grad_error": (ns["check_grad_error"], ns["E_train"], ns["backprop_13"], ns["x_train"],
                             ns["y_train"], ns["x_test"], ns["y_test"], ns["w0"]),
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


def test_reference_passes_and_leaves_torch_state(reference):
    torch.set_num_threads(2)
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    for name, args in _calls(reference).items():
        run_check("ps3", name, *args)
    assert torch.get_num_threads() == 2, "a check changed the number of threads"
    assert torch.equal(torch.rand(3), expected_next), "a check changed the global torch RNG"
    assert torch.is_grad_enabled()


def test_mlp_threshold_keeps_a_margin(reference):
    """The reference MLP clears the learning threshold by >= 4 points on 3 seeds."""
    x_tr, y_tr, x_ev, y_ev = ps3_mlp._learning_data()
    with ps3_kernel_side.torch_state():
        for seed in range(3):
            torch.manual_seed(seed)
            model = reference["MLP"](x_tr.shape[1], [128], 10)
            ps3.train_mlp_briefly(model, x_tr, y_tr, ps3.MLP_EPOCHS, seed=seed)
            with torch.no_grad():
                accuracy = float((model(x_ev).argmax(1) == y_ev).float().mean())
            assert accuracy >= ps3.MLP_THRESHOLD + 0.04, (seed, accuracy)


def test_missing_mnist_is_a_grader_fault(reference, monkeypatch, tmp_path):
    """No MNIST in the course's data folder: a grading error, not the student's 0 (and no other
    dataset, no folder outside the repository)."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(ps3.GraderFault, match="MNIST"):  # the class ps3 raises (modules may be imported anew)
        ps3_mlp._learning_data()


def _check_grad_args(ns: dict, value) -> tuple:
    return (value, ns["E_train"], ns["backprop_13"], ns["x_train"], ns["y_train"], ns["x_test"], ns["y_test"],
            ns["w0"])


def test_check_grad_error_is_recomputed_from_the_students_functions(reference):
    """The value must be what check_grad returns for the student's E_train and backprop_13: a number in the
    target band typed in fails, and so does the printed (rounded) value."""
    value = reference["check_grad_error"]
    ps3.check_grad_error(*_check_grad_args(reference, value))
    for typed in (3.2e-7, float(f"{value:.2e}"), value * 1.001):
        with pytest.raises(CheckFailure, match="typed in"):
            ps3.check_grad_error(*_check_grad_args(reference, typed))


def test_check_grad_error_of_a_wrong_backprop_passes_when_computed(reference):
    """A wrong backprop_13 gives a large check_grad error; computed honestly, that is check_grad doing its
    job: it costs backprop_13's points, not check_grad's. Claiming a small error with it fails."""
    from scipy.optimize import check_grad

    ns = dict(reference)
    bp = ns["backprop_13"]
    ns["backprop_13"] = lambda x, y, w: -bp(x, y, w)
    x, y, w = ns["x_train"], ns["y_train"], ns["w0"]
    honest = check_grad(ns["E_train"], lambda v: ns["backprop_13"](x, y, v), w)
    assert honest > 1e-3
    ps3.check_grad_error(*_check_grad_args(ns, honest))
    with pytest.raises(CheckFailure, match="typed in"):
        ps3.check_grad_error(*_check_grad_args(ns, 3.2e-7))


def test_stand_ins_judge_one_function_and_are_put_back(reference):
    """train_numpy and backprop_13 are judged with a correct forward_pass (and backprop_13) standing in
    for the student's; the student's own functions are back afterwards."""
    ns = dict(reference)
    exec(compile("def forward_pass(x, w):\n    return None, None\n", "<wrong>", "exec"), ns)
    wrong = ns["forward_pass"]
    exec(compile(corpus.strip_markers(_solution("solution_backprop_13")), "<bp>", "exec"), ns)
    exec(compile(corpus.strip_markers(_solution("solution_train_numpy")), "<tn>", "exec"), ns)
    ps3.backprop_13(ns["backprop_13"])
    ps3.train_numpy(ns["train_numpy"])
    assert ns["forward_pass"] is wrong


def _solution(grade_id: str) -> str:
    source = json.loads(PS.source.read_text(encoding="utf-8"))
    return next(c["source"] for c in source["cells"] if c.get("id") == grade_id)


def test_endless_sequence_fails():
    class Endless:
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return Endless()

    with pytest.raises(CheckFailure, match="Endless"):
        ps3.forward_pass(lambda x, w: (Endless(), Endless()))


def test_wrong_layouts_are_distinct_permutations():
    w = np.arange(13.0)
    right = ps3_net13.layout13(w)
    for where, _ in ps3.WRONG:
        flat = np.sort(np.concatenate([np.ravel(v) for v in ps3_net13.layout13(w, where).values()]))
        assert np.array_equal(flat, w), "a wrong layout must use every weight once"
        assert any(not np.array_equal(ps3_net13.layout13(w, where)[k], right[k]) for k in right)
        assert np.array_equal(ps3_net13.read_w(ps3_net13.layout13(w, where), where), w)


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
