"""Checks of problem set 4 on the parts of TwoLayerNet: init, loss, predict."""

from __future__ import annotations

import math

import numpy as np

import autograder.judge as judge
from autograder.checklib import as_array, as_float, assert_close, call, fail, rng_for, tolerances
from autograder.checks.ps4.nets import (
    make_net,
    np_loss,
    params_of,
    random_params,
    read_params,
    set_params,
    shapes_of,
)
from autograder.checks.ps4.oracles import PARAM_NAMES, loss_mistakes, np_scores, torch_loss
from autograder.student_objects import plain_container

# ----------------------------------------------------------------------------- init

def init(cls) -> None:
    """Parameter names and shapes, weights std·N(0, 1), zero biases, the seed honoured."""
    for D, H, C in ((1, 1, 1), (3, 5, 2)):
        net = make_net(cls, D, H, C, std=0.1, seed=0)
        keys = set(params_of(net))
        if not set(PARAM_NAMES) <= keys:
            fail(f"self.params must have the keys W1, b1, W2, b2; it has {sorted(map(str, keys))}")
        read_params(net, shapes_of(D, H, C), "after __init__")
    D, H, C = 300, 40, 60
    for std in (1e-4, 0.5):
        net = make_net(cls, D, H, C, std=std, seed=1)
        p = read_params(net, shapes_of(D, H, C), "after __init__")
        for b in ("b1", "b2"):
            if np.any(p[b] != 0):
                fail(f"{b} must start at zero (biases are not drawn at random)")
        for w, tol in (("W1", 0.06), ("W2", 0.1)):
            sample_std = float(np.std(p[w]))
            if sample_std == 0:
                fail(f"{w} is all zeros; draw it as std * N(0, 1)")
            ratio = sample_std / std
            if abs(ratio - 1) > tol:
                if abs(sample_std - 1) < tol:
                    fail(f"the entries of {w} have standard deviation 1, not std: multiply the N(0, 1) "
                         "draws by std")
                fail(f"the entries of {w} do not have standard deviation std (draw std * N(0, 1))")
            if abs(float(np.mean(p[w]))) > 5 * std / math.sqrt(p[w].size):
                fail(f"the entries of {w} are not centred at zero (draw std * N(0, 1))")
    # the default std is 1e-4
    net = call(cls, D, H, C, name=f"TwoLayerNet({D}, {H}, {C})")
    W1 = read_params(net, shapes_of(D, H, C), "with the default std")["W1"]
    if abs(float(np.std(W1)) / 1e-4 - 1) > 0.06:
        fail("with the default std the entries of W1 must have standard deviation 1e-4")
    # seeds
    a = read_params(make_net(cls, 4, 3, 2, std=1.0, seed=7), shapes_of(4, 3, 2), "for seed=7")
    b = read_params(make_net(cls, 4, 3, 2, std=1.0, seed=7), shapes_of(4, 3, 2), "for seed=7")
    if not all(np.array_equal(a[k], b[k]) for k in PARAM_NAMES):
        fail("two nets built with the same seed have different weights: draw them with "
             "np.random.default_rng(seed)")
    c = read_params(make_net(cls, 4, 3, 2, std=1.0, seed=8), shapes_of(4, 3, 2), "for seed=8")
    if np.array_equal(a["W1"], c["W1"]):
        fail("nets built with different seeds have the same weights: use the seed argument")


# ----------------------------------------------------------------------------- loss

LOSS_CASES = (  # N, D, H, C, reg, input scale
    (4, 5, 3, 3, 0.1, 1.0),  # H == C: the ReLU masked by the scores gives numbers, not an error
    (1, 3, 4, 2, 0.3, 1.0),  # a batch of one
    (7, 6, 5, 10, 0.05, 1.0),
    (6, 2, 1, 1, 0.2, 1.0),
    (10, 12, 8, 4, 0.0, 1.0),
    (9, 20, 7, 5, 0.02, 60.0),  # raw-pixel-sized inputs
)


def loss(cls) -> None:
    """Scores, loss and gradients of TwoLayerNet.loss against PyTorch float64 autograd."""
    rng = rng_for(404)
    for N, D, H, C, reg, scale in LOSS_CASES:
        ctx = f"for N={N}, D={D}, H={H}, C={C}, reg={reg}"
        net = make_net(cls, D, H, C, std=0.1, seed=0)
        params = random_params(rng, D, H, C)
        X = rng.normal(size=(N, D)) * scale
        if scale > 1:
            params["W1"] /= scale
        y = rng.integers(0, C, size=N)
        set_params(net, params)
        before = {k: v.copy() for k, v in params.items()}

        raw_scores = call(net.loss, X, name="loss", arg_names=["X"])
        scores = as_array(raw_scores, "the scores loss(X)", (N, C))
        expected_scores = torch_loss(params, X, None, reg)
        rtol, atol = tolerances(raw_scores)
        assert_close(scores, expected_scores, "loss(X)", rtol=rtol,
                     atol=atol * max(1.0, float(np.abs(expected_scores).max())), context=ctx)

        out = plain_container(call(net.loss, X, y, reg=reg, name="loss", arg_names=["X", "y"]))
        if not isinstance(out, tuple | list) or len(out) != 2:
            fail("loss(X, y, reg) must return a pair (loss, grads)")
        raw_loss, grads = out[0], plain_container(out[1])
        value = as_float(raw_loss, "the loss")
        if not isinstance(grads, dict):
            fail("grads must be a dict keyed like self.params")
        missing = [k for k in PARAM_NAMES if k not in grads]
        if missing:
            fail(f"grads has no {', '.join(missing)}")
        shapes = shapes_of(D, H, C)
        got = {k: as_array(grads[k], f"grads[{k!r}]", shapes[k]) for k in PARAM_NAMES}
        rtol, atol = tolerances(raw_scores, raw_loss, *(grads[k] for k in PARAM_NAMES))
        exp_loss, exp_grads = torch_loss(params, X, y, reg)
        wrong = loss_mistakes(params, X, y, reg)
        assert_close(value, exp_loss, "the loss", rtol=rtol, atol=atol,
                     hints=[(w[0], w[2]) for w in wrong], context=ctx)
        for k in ("W2", "b2", "W1", "b1"):
            assert_close(got[k], exp_grads[k], f"grads[{k!r}]", rtol=rtol,
                         atol=atol * max(1.0, float(np.abs(exp_grads[k]).max())),
                         hints=[(w[1][k], f"grads[{k!r}]: {w[2]}") for w in wrong],
                         factors={"the batch size N": N}, context=ctx)
        now = read_params(net, shapes, "after loss(X, y)")
        if not all(np.array_equal(now[k], before[k]) for k in PARAM_NAMES):
            fail("loss(X, y) changed self.params; only train may update the parameters")

    # reg defaults to 0
    N, D, H, C = 3, 4, 5, 3
    net = make_net(cls, D, H, C, std=0.1, seed=0)
    params = random_params(rng, D, H, C)
    set_params(net, params)
    X, y = rng.normal(size=(N, D)), rng.integers(0, C, size=N)
    out = plain_container(call(net.loss, X, y, name="loss", arg_names=["X", "y"]))
    if not isinstance(out, tuple | list) or len(out) != 2:
        fail("loss(X, y) must return a pair (loss, grads)")
    assert_close(as_float(out[0], "the loss"), torch_loss(params, X, y, 0.0)[0], "the loss",
                 raw=out[0], rtol=2e-4, context="with the default reg=0.0")


# ----------------------------------------------------------------------------- predict

def _with_correct_scores(net, params) -> None:
    """Give this net (the grader's instance) a correct loss for `params`, so that the predict check
    judges predict alone; a predict that computes the scores itself is judged as it is."""
    def loss(X, y=None, reg=0.0):
        if y is None:
            return np_scores(params, X)
        return np_loss(params, X, y, reg)

    try:
        net.loss = loss
    except (AttributeError, TypeError, judge.RemoteError):
        pass


def with_correct_predict(net) -> None:
    """Give this net a correct predict (from its current parameters): learns then judges __init__,
    loss and train, the parts of the class that make it learn."""
    def predict(X):
        current = params_of(net)
        return np.argmax(np_scores({k: np.asarray(current[k], dtype=np.float64) for k in PARAM_NAMES}, X),
                         axis=1)

    try:
        net.predict = predict
    except (AttributeError, TypeError, judge.RemoteError):
        pass


def predict(cls) -> None:
    """predict(X) returns integer labels equal to the argmax of the scores."""
    rng = rng_for(505)
    for N, D, H, C, shift in ((1, 3, 4, 3, 0.0), (6, 5, 7, 3, 0.0), (25, 4, 6, 10, 0.0),
                              (8, 4, 5, 4, -5.0)):  # every score negative
        net = make_net(cls, D, H, C, std=0.1, seed=0)
        while True:
            params = random_params(rng, D, H, C)
            params["b2"] = params["b2"] + shift
            X = rng.normal(size=(N, D))
            scores = np_scores(params, X)
            top2 = np.sort(scores, axis=1)[:, -2:]
            if np.all(top2[:, 1] - top2[:, 0] > 1e-3) and (N < 6 or len(set(np.argmax(scores, 1))) > 1):
                break
        set_params(net, params)
        _with_correct_scores(net, params)
        raw = call(net.predict, X, name="predict", arg_names=["X"])
        arr = np.asarray(as_array(raw, "predict(X)"))
        if arr.shape in ((N, C), (C, N)) and C != 1 and arr.shape != (N,):
            fail("predict(X) returned an array of shape (N, C): return the predicted class labels "
                 "(the argmax of the scores), not the scores")
        if arr.shape == (C,) and C != N:
            fail("predict(X) returned one label per class: take the argmax over the classes (axis=1) of "
                 "each row, not over the examples (axis=0)")
        labels = as_array(raw, "predict(X)", (N,), allow_squeeze=True)
        if np.asarray(raw).dtype.kind not in "iu":
            fail("predict(X) must return integer labels (an array of ints, e.g. from np.argmax)")
        expected = np.argmax(scores, axis=1)
        if not np.array_equal(labels, expected):
            if np.array_equal(labels, np.argmin(scores, axis=1)):
                fail("predict(X) returns the class with the lowest score; it must be the highest")
            fail(f"predict(X) is not the class with the highest score for N={N}, C={C}")
