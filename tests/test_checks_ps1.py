"""Unit tests of autograder/checks/ps1.py beyond the corpus: paths the visible tests hide, the plain-Python
detector of section 3, and the speed of the checks.

The corpus grades whole notebooks, where a locked visible test often fails first (e.g. a transposed
dWs on the visible 2-3-1 network); here the checks are called directly on wrong functions.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy import exp as np_exp

from autograder import judge
from autograder.checklib import CheckFailure
from autograder.checks import ps1
from autograder.checks.ps1 import personal as ps1_personal
from autograder.corpus import leaked_numbers
from utils.personal import network_for


def _fails(check, *args, match: str, **kwargs) -> str:
    with pytest.raises(CheckFailure) as info:
        check(*args, **kwargs)
    message = str(info.value)
    assert match.lower() in message.lower(), message
    assert not leaked_numbers(message), f"message may reveal a value: {message}"
    return message


# --- section 5: hints that only a direct call reaches -------------------------------------------

def _deltas(*, transpose_dW=False, reverse=False, no_T=False, db_col=False, half=0.5):
    def backprop(Ws, bs, x, y):
        acts = [np.asarray(x, dtype=float)]
        for W, b in zip(Ws, bs, strict=True):
            acts.append(1 / (1 + np.exp(-(W @ acts[-1] + b))))
        a = acts[-1]
        delta = 2 * half * (a - y) * a * (1 - a)
        dWs, dbs = [], []
        for l in range(len(Ws) - 1, -1, -1):
            dWs.append(np.outer(acts[l], delta) if transpose_dW else np.outer(delta, acts[l]))
            dbs.append(delta.reshape(-1, 1) if db_col else delta)
            if l:
                back = Ws[l] @ delta if no_T else Ws[l].T @ delta
                delta = back * acts[l] * (1 - acts[l])
        if not reverse:
            dWs, dbs = dWs[::-1], dbs[::-1]
        return dWs, dbs
    return backprop


def test_backprop_deltas_reference_passes():
    ps1.backprop_deltas(_deltas())


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"transpose_dW": True}, "transposed"),
    ({"reverse": True}, "reverse order"),
    ({"no_T": True}, "transpose of the next layer"),
    ({"db_col": True}, "shape"),
    ({"half": 1.0}, "twice the correct value"),
])
def test_backprop_deltas_named_mistakes(kwargs, match):
    _fails(ps1.backprop_deltas, _deltas(**kwargs), match=match)


def test_backprop_deltas_must_not_modify_inputs():
    inner = _deltas()

    def mutating(Ws, bs, x, y):
        out = inner(Ws, bs, x, y)
        Ws[0] *= 0.5
        return out

    _fails(ps1.backprop_deltas, mutating, match="modified")


# --- section 1: shapes and types the issue allows ------------------------------------------------

def _values_221(student_id: str = "reference"):
    return ps1_personal._oracle_221(network_for(student_id))


def test_forward_221_accepts_floats_lists_and_float32():
    e = _values_221()
    ps1.forward_221("reference", z1=e["z1"].tolist(), x1=e["x1"].astype(np.float32), z2=float(e["z2"][0]),
                    x2=e["x2"], loss=np.float32(e["loss"]))


def test_backward_221_accepts_nested_lists_and_scalar_db2():
    e = _values_221()
    ps1.backward_221("reference", dW1=e["dW1"].tolist(), db1=e["db1"].tolist(), dW2=e["dW2"].tolist(),
                     db2=float(e["db2"][0]))


def test_backward_221_names_the_shape_of_the_parameter():
    e = _values_221()
    message = _fails(ps1.backward_221, "reference", dW1=e["dW1"][:, :1], db1=e["db1"], dW2=e["dW2"],
                     db2=e["db2"], match="shape of W1")
    assert "(2, 1)" in message


def test_forward_221_rejects_a_column_vector_and_an_object():
    e = _values_221()
    _fails(ps1.forward_221, "reference", z1=e["z1"].reshape(2, 1), x1=e["x1"], z2=e["z2"], x2=e["x2"],
           loss=e["loss"], match="shape")
    _fails(ps1.forward_221, "reference", z1=object(), x1=e["x1"], z2=e["z2"], x2=e["x2"], loss=e["loss"],
           match="z1")


def test_section_1_numbers_are_the_students_own():
    """Another id's correct numbers fail; the id must be the one submitted under when that is known."""
    mine, theirs = _values_221("jdoe"), _values_221("someone_else")
    forward = {k: mine[k] for k in ("z1", "x1", "z2", "x2", "loss")}
    ps1.forward_221("jdoe", **forward)
    _fails(ps1.forward_221, "jdoe", **{k: theirs[k] for k in forward}, match="does not match")
    token = judge._SUBMISSION_STUDENT.set("jdoe")
    try:
        ps1.forward_221(" jdoe ", **forward)
        _fails(ps1.backward_221, "someone_else", **{k: theirs[k] for k in ("dW1", "db1", "dW2", "db2")},
               match="not the id you submitted under")
    finally:
        judge._SUBMISSION_STUDENT.reset(token)
    _fails(ps1.forward_221, "", **forward, match="STUDENT_ID is empty")
    _fails(ps1.forward_221, 42, **forward, match="string")


# --- the rule of sections 1-5: no autograd, no numerical differentiation ----------------------------

def _grad13_fd(x1, x2, y, w):
    from scipy.optimize import approx_fprime

    def E(v):
        h = 1 / (1 + np.exp(-(v[0:3] + v[3:6] * x1 + v[6:9] * x2)))
        return 0.5 * (y - 1 / (1 + np.exp(-(v[9] + v[10:13] @ h)))) ** 2

    return approx_fprime(np.asarray(w, dtype=float), E, 1e-7)


def _grad13_own_fd(x1, x2, y, w):
    def E(v):
        h = 1 / (1 + np.exp(-(v[0:3] + v[3:6] * x1 + v[6:9] * x2)))
        return 0.5 * (y - 1 / (1 + np.exp(-(v[9] + v[10:13] @ h)))) ** 2

    w = np.asarray(w, dtype=float)
    return np.array([(E(w + 1e-5 * e) - E(w - 1e-5 * e)) / 2e-5 for e in np.eye(13)])


def _grad13_torch(x1, x2, y, w):
    import torch

    wt = torch.tensor(np.asarray(w, dtype=float), requires_grad=True)
    h = torch.sigmoid(wt[0:3] + wt[3:6] * x1 + wt[6:9] * x2)
    (0.5 * (y - torch.sigmoid(wt[9] + wt[10:13] @ h)) ** 2).backward()
    return wt.grad.numpy()


def _grad13_ok(x1, x2, y, w):
    w = np.asarray(w, dtype=float)
    xb = np.array([1.0, x1, x2])
    h = 1 / (1 + np.exp(-(xb @ w[:9].reshape(3, 3))))
    yh = 1 / (1 + np.exp(-(w[9] + h @ w[10:])))
    d = (yh - y) * yh * (1 - yh)
    dh = d * w[10:] * h * (1 - h)
    return np.concatenate((np.outer(xb, dh).ravel(), d * np.concatenate(([1.0], h))))


def test_grad_13_by_hand_passes():
    ps1.grad_13(_grad13_ok)


@pytest.mark.parametrize(("fn", "match"), [
    (_grad13_torch, "PyTorch"),
    (_grad13_fd, "approx_fprime"),
    (_grad13_own_fd, "finite differences"),
], ids=["autograd", "scipy", "own-finite-differences"])
def test_grad_13_rule(fn, match):
    message = _fails(ps1.grad_13, fn, match=match)
    assert "no automatic differentiation" in message


def test_backprop_deltas_matmul_error_is_named_without_the_raw_text():
    def backprop(Ws, bs, x, y):
        raise ValueError("matmul: Input operand 1 has a mismatch in its core dimension 0")

    message = _fails(ps1.backprop_deltas, backprop, match="transposed")
    assert "core dimension" not in message


def test_softmax_overflow_error_is_named():
    _fails(ps1.softmax, lambda o: np.array([math.exp(v) for v in o]) / sum(math.exp(v) for v in o),
           match="OverflowError")


# --- section 3.3: the training loop ----------------------------------------------------------------

def _train(*, sign=-1.0, mean=True):
    def train_232(data, params, epochs, lr, loss_and_grads):
        losses = []
        for _ in range(epochs):
            total = 0.0
            for x, c in data:
                loss, g = loss_and_grads(x, c, params)
                total += loss
                for k in ("W1", "W2"):
                    params[k] = [[p + sign * lr * d for p, d in zip(r, gr, strict=True)]
                                 for r, gr in zip(params[k], g[k], strict=True)]
                for k in ("b1", "b2"):
                    params[k] = [p + sign * lr * d for p, d in zip(params[k], g[k], strict=True)]
            losses.append(total / len(data) if mean else total)
        return params, losses
    return train_232


def test_train_232_reference_passes():
    ps1.train_232(_train())


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"sign": 1.0}, "loss grows"),
    ({"mean": False}, "number of examples"),
])
def test_train_232_named_mistakes(kwargs, match):
    _fails(ps1.train_232, _train(**kwargs), match=match)


# --- section 3: the plain-Python detector --------------------------------------------------------

def _sig(v):
    return 1.0 / (1.0 + math.exp(-v))


def _forward_with(sigmoid):
    def forward_scalar(x, c, W1, b1, W2, b2):
        z1 = [sum(x[i] * W1[i][j] for i in range(2)) + b1[j] for j in range(3)]
        h = [sigmoid(v) for v in z1]
        o = [sum(h[j] * W2[j][k] for j in range(3)) + b2[k] for k in range(2)]
        m = max(o)
        e = [math.exp(v - m) for v in o]
        y = [v / sum(e) for v in e]
        return z1, h, o, y, -math.log(y[c])
    return forward_scalar


def test_plain_python_helpers_and_closures_pass():
    ps1.forward_scalar(_forward_with(_sig))
    ps1.forward_scalar(_forward_with(lambda v: 1.0 / (1.0 + math.exp(-v))))


@pytest.mark.parametrize("sigmoid", [
    lambda v: float(1 / (1 + np_exp(-v))),          # `from numpy import exp` under another name
    lambda v: float(1 / (1 + np.exp(-v))),           # np through a lambda held in a closure
    lambda v, _e=np.exp: float(1 / (1 + _e(-v))),    # a default argument
    lambda v: float(__import__("numpy").exp(-v)),    # __import__
], ids=["alias", "closure", "default", "dunder-import"])
def test_plain_python_detects_numpy(sigmoid):
    _fails(ps1.forward_scalar, _forward_with(sigmoid), match="section 3 allows only")


def test_plain_python_detects_an_import_inside_the_function():
    def forward_scalar(x, c, W1, b1, W2, b2):
        import torch

        return _forward_with(lambda v: float(torch.sigmoid(torch.tensor(v))))(x, c, W1, b1, W2, b2)

    _fails(ps1.forward_scalar, forward_scalar, match="imports torch")


def test_plain_python_refuses_numpy_scalars_in_results():
    inner = _forward_with(_sig)

    def forward_scalar(*args):
        z1, h, o, y, loss = inner(*args)
        return z1, [np.float64(v) for v in h], o, y, loss  # NumPy values, though no NumPy name is used here

    # np is referenced, so the detector fires first; the type check is the second line of defence
    _fails(ps1.forward_scalar, forward_scalar, match="NumPy")


# --- messages and speed ---------------------------------------------------------------------------

def test_softmax_large_logits_message_names_the_fix():
    with np.errstate(all="ignore"):
        _fails(ps1.softmax, lambda o: np.exp(o) / np.exp(o).sum(), match="subtract max")


def test_dy_do_diagonal_only_on_a_list():
    _fails(ps1.dy_do, lambda y: np.diag(np.asarray(y) * (1 - np.asarray(y))), match="diagonal")


def test_the_slower_checks_pass_correct_answers():
    """The checks that train or recurse pass correct answers (their time is measured by `make bench`,
    not asserted here: wall-clock budgets fail under load)."""
    e = _values_221()
    calls = [
        (ps1.forward_221, ("reference",), {k: e[k] for k in ("z1", "x1", "z2", "x2", "loss")}),
        (ps1.backward_221, ("reference",), {k: e[k] for k in ("dW1", "db1", "dW2", "db2")}),
        (ps1.train_232, (_train(),), {}),
        (ps1.backprop_deltas, (_deltas(),), {}),
        (ps1.forward_scalar, (_forward_with(_sig),), {}),
    ]
    for check, args, kwargs in calls:
        check(*args, **kwargs)
