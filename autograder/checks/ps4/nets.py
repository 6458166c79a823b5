"""Problem set 4's handling of the student's TwoLayerNet: building one, reading and setting its parameters,
training it, and the accuracy the grader computes from its parameters."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograder.judge as judge
from autograder.checklib import as_array, call, fail
from autograder.checks.ps4.oracles import PARAM_NAMES, np_backward, np_pieces, np_scores
from autograder.student_objects import plain_container


def attr_or(obj, name: str, default: Any = None) -> Any:
    """`getattr(obj, name, default)`, also when the kernel answers that the attribute is missing."""
    try:
        return getattr(obj, name, default)
    except judge.RemoteError as exc:
        if exc.type_name == "AttributeError":
            return default
        raise


def params_of(net) -> Any:
    """`net.params` (a copy, for a net in the kernel), as a plain dict when it is a dict."""
    return plain_container(attr_or(net, "params"))


def kernel_generator(anchor, seed: int):
    """`np.random.default_rng(seed)` where the student's code runs: built in the kernel when `anchor`
    (the student's function) is there, since a generator is no plain data that could cross."""
    return judge.library_call(anchor, "numpy.random.default_rng", seed, as_ref=True)


def make_net(cls, D, H, C, *, std=1e-4, seed=0, what="TwoLayerNet"):
    """The student's `cls(D, H, C, std=std, seed=seed)`, which must keep its parameters in a dict
    `self.params`."""
    if not callable(cls):
        fail(f"{what} is not a class")
    net = call(cls, D, H, C, std=std, seed=seed, name=f"{what}({D}, {H}, {C}, std={std}, seed={seed})")
    if not isinstance(params_of(net), dict):
        fail("a TwoLayerNet must keep its parameters in a dict self.params")
    return net


def set_params(net, params: dict[str, np.ndarray]) -> None:
    """Give the student's net the grader's parameters (fresh copies, in the existing dict: for a net
    in the kernel, the kernel's own dict, not the copy that reading `net.params` gives)."""
    target = judge.attribute_ref(net, "params")
    for k in PARAM_NAMES:
        target[k] = np.array(params[k], dtype=np.float64)


def read_params(net, shapes: dict[str, tuple[int, ...]], when: str) -> dict[str, np.ndarray]:
    """The net's parameters W1, b1, W2, b2 as float64 arrays of `shapes` (`when` places a failure)."""
    params = params_of(net)
    if not isinstance(params, dict):
        fail(f"self.params is no longer a dict {when}")
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        fail(f"self.params has no {', '.join(missing)} {when}")
    return {k: as_array(params[k], f"self.params[{k!r}] {when}", shapes[k]) for k in PARAM_NAMES}


def random_params(rng, D, H, C, scale=1.0):
    """Random parameters W1 (D, H), b1 (H,), W2 (H, C), b2 (C,) from `rng`."""
    return {"W1": rng.normal(size=(D, H)) * scale / math.sqrt(D), "b1": rng.normal(size=H) * 0.3,
            "W2": rng.normal(size=(H, C)) * scale / math.sqrt(H), "b2": rng.normal(size=C) * 0.3}


def shapes_of(D, H, C):
    """The shapes of W1, b1, W2, b2 for D inputs, H hidden units and C classes."""
    return {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}


def accuracy_of(net, X, y, what) -> float:
    """Accuracy of `net` computed by the grader from its parameters."""
    params = params_of(net)
    if not isinstance(params, dict) or any(k not in params for k in PARAM_NAMES):
        fail(f"{what} has no parameter dict params with W1, b1, W2, b2")
    D = X.shape[1]
    W1 = as_array(params["W1"], f"{what}.params['W1']", finite=False)
    if W1.ndim != 2 or W1.shape[0] != D:
        fail(f"{what}.params['W1'] has shape {W1.shape}; it must have {D} rows")
    H = W1.shape[1]
    W2 = as_array(params["W2"], f"{what}.params['W2']", finite=False)
    if W2.ndim != 2 or W2.shape[0] != H:
        fail(f"{what}.params['W2'] has shape {W2.shape}; it must have {H} rows")
    C = W2.shape[1]
    p = {"W1": W1, "W2": W2,
         "b1": as_array(params["b1"], f"{what}.params['b1']", (H,), allow_squeeze=True, finite=False),
         "b2": as_array(params["b2"], f"{what}.params['b2']", (C,), allow_squeeze=True, finite=False)}
    with np.errstate(all="ignore"):
        scores = np_scores(p, X)
    return float(np.mean(np.argmax(scores, axis=1) == y))  # NaN rows count as np.argmax says


def np_loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray, reg: float):
    """The correct (loss, grads) in float64 NumPy (the grader's stand-in for the student's loss)."""
    W1, b1, W2, b2, z, h, s, T = np_pieces(params, np.asarray(X, dtype=np.float64), np.asarray(y))
    n = len(s)
    loss = 0.5 * float(np.sum((s - T) ** 2)) / n + 0.5 * reg * float(np.sum(W1 * W1) + np.sum(W2 * W2))
    grads = np_backward(W2, np.asarray(X, dtype=np.float64), z, h, (s - T) / n)
    grads["W1"] = grads["W1"] + reg * W1
    grads["W2"] = grads["W2"] + reg * W2
    return loss, grads


def with_correct_loss(net) -> None:
    """Give this net (the grader's own instance) a correct loss and predict, so that the train
    check judges train alone; a train that computes its gradients itself is judged as it is."""
    def loss(X, y=None, reg=0.0):
        current = params_of(net)  # the student's parameters as train left them (read from the kernel)
        params = {k: np.asarray(current[k], dtype=np.float64) for k in PARAM_NAMES}
        if y is None:
            return np_scores(params, X)
        return np_loss(params, X, y, float(reg))

    def predict(X):
        return np.argmax(loss(X), axis=1)

    try:  # for a net in the kernel, the two become callbacks: the kernel calls the grader's code
        net.loss, net.predict = loss, predict
    except (AttributeError, TypeError, judge.RemoteError):
        pass


def train_net(net, X, y, X_val, y_val, check_unchanged=True, **kwargs) -> dict[str, Any]:
    """`net.train(X, y, X_val, y_val, **kwargs)`'s dict, which must hold the three histories."""
    stats = call(net.train, X, y, X_val, y_val, name="train", arg_names=["X", "y", "X_val", "y_val"],
                 check_unchanged=check_unchanged, verbose=False, **kwargs)
    stats = plain_container(stats)
    if not isinstance(stats, dict):
        fail("train must return a dict with loss_history, train_acc_history and val_acc_history")
    missing = [k for k in ("loss_history", "train_acc_history", "val_acc_history") if k not in stats]
    if missing:
        fail(f"the dict returned by train has no {', '.join(missing)}")
    return stats


def history_of(stats, key, lengths, what) -> np.ndarray:
    """`stats[key]` as a float64 array (n,), n one of `lengths` (`what` says what it must hold)."""
    raw = stats[key]
    try:
        n = len(raw)
    except TypeError:
        fail(f"{key} must be a list with {what}")
    if n not in lengths:
        fail(f"{key} has {n} entries; it must have {what}")
    return as_array(list(raw) if n else np.zeros(0), key, (n,), finite=False)
