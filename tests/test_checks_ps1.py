"""Unit tests of autograder/checks/ps1.py beyond the corpus: paths the visible tests hide, the plain-Python
detector of section 3, and the speed of the checks.

The corpus grades whole notebooks, where a locked visible test often fails first (e.g. a transposed
dWs on the visible 2-3-1 network); here the checks are called directly on wrong functions.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from numpy import exp as np_exp

from autograder.checklib import CheckFailure
from autograder.checks import ps1
from autograder.corpus import leaked_numbers


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
    ({"half": 1.0}, "2×"),
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

def _values_221():
    return ps1._oracle_221()


def test_forward_221_accepts_floats_lists_and_float32():
    e = _values_221()
    ps1.forward_221(z1=e["z1"].tolist(), x1=e["x1"].astype(np.float32), z2=float(e["z2"][0]),
                    x2=e["x2"], loss=np.float32(e["loss"]))


def test_backward_221_accepts_nested_lists_and_scalar_db2():
    e = _values_221()
    ps1.backward_221(dW1=e["dW1"].tolist(), db1=e["db1"].tolist(), dW2=e["dW2"].tolist(),
                     db2=float(e["db2"][0]))


def test_backward_221_names_the_shape_of_the_parameter():
    e = _values_221()
    message = _fails(ps1.backward_221, dW1=e["dW1"][:, :1], db1=e["db1"], dW2=e["dW2"], db2=e["db2"],
                     match="shape of W1")
    assert "(2, 1)" in message


def test_forward_221_rejects_a_column_vector_and_an_object():
    e = _values_221()
    _fails(ps1.forward_221, z1=e["z1"].reshape(2, 1), x1=e["x1"], z2=e["z2"], x2=e["x2"], loss=e["loss"],
           match="shape")
    _fails(ps1.forward_221, z1=object(), x1=e["x1"], z2=e["z2"], x2=e["x2"], loss=e["loss"], match="z1")


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


def test_every_check_is_fast():
    """All ten checks on correct answers in well under the 25 s budget (each far below 5 s)."""
    e = _values_221()
    calls = [
        (ps1.forward_221, (), {k: e[k] for k in ("z1", "x1", "z2", "x2", "loss")}),
        (ps1.backward_221, (), {k: e[k] for k in ("dW1", "db1", "dW2", "db2")}),
        (ps1.backprop_deltas, (_deltas(),), {}),
        (ps1.forward_scalar, (_forward_with(_sig),), {}),
    ]
    for check, args, kwargs in calls:
        started = time.perf_counter()
        check(*args, **kwargs)
        assert time.perf_counter() - started < 2.0, check.__name__
