"""Checks of problem set 1, section 3: the 2-3-2 network in plain Python (forward_scalar, backward_scalar)
and its training loop (train_232, with make_data_232 and init_232)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import torch

from autograder.checklib import CheckFailure, call, fail, is_close, rng_for
from autograder.checks.ps1.rule import close_per_entry, saturation_fail
from autograder.checks.ps1.values import scaled_close, shape_str, zero_hint
from autograder.oracles import sigmoid, tensor, to_numpy
from autograder.student_objects import stand_ins


def _assert_plain_python(fn: Any, name: str) -> None:
    """Fail if `fn` (or a function of the student's that it uses) refers to NumPy, PyTorch, ....
    The kernel reports what the function uses (`autograder.in_kernel.evidence`); the rule is here."""
    from autograder.judge import plain_python_violation

    message = plain_python_violation(fn, name)
    if message:
        fail(message)


def _plain_numbers(value: Any, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """`value` as nested lists/tuples of built-in numbers of `shape`; NumPy/PyTorch types refused."""
    def walk(v: Any, depth: int) -> None:
        if depth == len(shape):
            if type(v) not in (float, int):
                kind = f"{type(v).__module__}.{type(v).__name__}".replace("builtins.", "")
                fail(f"{name} holds values of type {kind}; return built-in Python floats "
                     "(section 3 allows only built-in Python and math)")
            return
        if not isinstance(v, list | tuple):
            kind = f"{type(v).__module__}.{type(v).__name__}".replace("builtins.", "")
            what = "a list of lists" if len(shape) - depth == 2 else "a list"
            fail(f"{name} must be {what} of floats; got {kind}")
        if len(v) != shape[depth]:
            fail(f"{name} has {len(v)} entries where {shape[depth]} are expected "
                 f"(shape {shape_str(shape)})")
        for item in v:
            walk(item, depth + 1)

    if len(shape) == 2 and isinstance(value, list | tuple) and len(value) == shape[1] and \
            shape[0] != shape[1] and all(isinstance(r, list | tuple) and len(r) == shape[0] for r in value):
        fail(f"{name} has {shape[1]} rows of {shape[0]}; it must have the shape of the parameter, "
             f"{shape[0]} rows of {shape[1]} (transposed?)")
    walk(value, 0)
    return np.array(value, dtype=np.float64).reshape(shape)


def _random_232(rng: np.random.Generator) -> tuple[list, int, list, list, list, list]:
    def lst(*shape):
        return (rng.normal(size=shape) * 0.8).tolist()
    return lst(2), int(rng.integers(0, 2)), lst(2, 3), lst(3), lst(3, 2), lst(2)


def _oracle_232(x, c, W1, b1, W2, b2) -> dict[str, np.ndarray]:
    P = {k: tensor(v).requires_grad_() for k, v in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
    z1 = tensor(x) @ P["W1"] + P["b1"]
    h = torch.sigmoid(z1)
    o = h @ P["W2"] + P["b2"]
    y = torch.softmax(o, dim=0)
    loss = -torch.log_softmax(o, dim=0)[c]
    loss.backward()
    out = {"z1": to_numpy(z1), "h": to_numpy(h), "o": to_numpy(o), "y": to_numpy(y), "loss": to_numpy(loss)}
    out.update({f"d{k}": to_numpy(p.grad) for k, p in P.items()})
    return out


def _wrong_232(x, c, W1, b1, W2, b2, *, prime_on_z=False, one_hot_c=False, diag_softmax=False,
               no_b2=False) -> dict[str, np.ndarray]:
    x, W1, b1, W2, b2 = (np.array(v, dtype=float) for v in (x, W1, b1, W2, b2))
    z1 = x @ W1 + b1
    h = sigmoid(z1)
    o = h @ W2 + (0 if no_b2 else b2)
    y = np.exp(o - o.max())
    y /= y.sum()
    e = np.eye(len(o))[c]
    if one_hot_c:
        do = y - c
    elif diag_softmax:
        do = -e * (1 - y)
    else:
        do = y - e
    dh = W2 @ do
    dz = dh * (z1 * (1 - z1) if prime_on_z else h * (1 - h))
    return {"o": o, "y": y, "loss": np.array(-np.log(y[c])), "dW1": np.outer(x, dz), "db1": dz,
            "dW2": np.outer(h, do), "db2": do}


_IDX_HINT = ("; in section 3 W1[i][j] connects input i to hidden unit j (W1 is 2 rows of 3), "
             "W2[j][k] hidden unit j to output k")


def _call_plain(fn: Callable[..., Any], args: tuple, name: str) -> Any:
    try:
        return call(fn, *args, name=name, arg_names=["x", "c", "W1", "b1", "W2", "b2"])
    except AssertionError as exc:
        msg = str(exc)
        if "IndexError" in msg:
            fail(msg + _IDX_HINT)
        raise


def forward_scalar(student_forward: Callable[..., Any]) -> None:
    """forward_scalar on random 2-3-2 networks (lists of floats); plain Python only."""
    _assert_plain_python(student_forward, "forward_scalar")
    rng = rng_for(301)
    for _ in range(5):
        x, c, W1, b1, W2, b2 = _random_232(rng)
        out = _call_plain(student_forward, (x, c, W1, b1, W2, b2), "forward_scalar")
        if not isinstance(out, tuple | list) or len(out) != 5:
            fail("forward_scalar must return the tuple (z1, h, o, y, loss)")
        names = ("z1", "h", "o", "y")
        got = {n: _plain_numbers(v, n, (s,)) for n, v, s in zip(names, out[:4], (3, 3, 2, 2), strict=True)}
        if type(out[4]) not in (float, int):
            fail(f"loss must be a built-in float; got {type(out[4]).__module__}.{type(out[4]).__name__}")
        got["loss"] = np.array(float(out[4]))
        exp = _oracle_232(x, c, W1, b1, W2, b2)
        no_b2 = _wrong_232(x, c, W1, b1, W2, b2, no_b2=True)
        e = np.eye(2)[c]
        y_exp = np.exp(exp["o"])
        hints = {
            "z1": [(np.array(x) @ np.array(W1), "z1 is missing the bias b1")],
            "h": [(exp["z1"], "h equals z1: apply the sigmoid to the hidden layer")],
            "o": [(no_b2["o"], "o is missing the bias b2")],
            "y": [(y_exp, "y does not sum to 1: divide the exponentials by their sum"),
                  (exp["o"], "y equals o: apply the softmax to the output layer")],
            "loss": [(np.array(-np.log10(exp["y"][c])), "loss uses log10; the cross-entropy uses the "
                                                        "natural logarithm (math.log)"),
                     (np.array(-float(e @ np.log(y_exp))), "loss is computed from unnormalised y"),
                     (np.array(np.log(exp["y"][c])), "loss has the wrong sign: l = −log y_c"),
                     (np.array(-float(np.log(exp["y"]).sum())), "loss sums −log over all classes; the "
                      "cross-entropy is −log y_c of the target class c only")],
        }
        for n in ("z1", "h", "o", "y", "loss"):
            scaled_close(got[n], exp[n], n, None, hints[n], context="from forward_scalar")


forward_scalar.time_limit = 20


def _forward_232(x, c, W1, b1, W2, b2) -> tuple[list[float], list[float], list[float], list[float], float]:
    """The grader's forward_scalar, plain Python (the stand-in for the student's in later checks)."""
    z1 = [sum(float(x[i]) * float(W1[i][j]) for i in range(len(x))) + float(b1[j]) for j in range(len(b1))]
    h = [1.0 / (1.0 + math.exp(-v)) if v > -700 else 0.0 for v in z1]
    o = [sum(h[j] * float(W2[j][k]) for j in range(len(h))) + float(b2[k]) for k in range(len(b2))]
    m = max(o)
    e = [math.exp(v - m) for v in o]
    y = [v / sum(e) for v in e]
    return z1, h, o, y, -(o[int(c)] - m - math.log(sum(e)))


def _backward_232(x, c, W1, b1, W2, b2) -> dict[str, list]:
    """The grader's backward_scalar, plain Python (the stand-in for the student's in later checks)."""
    _, h, _, y, _ = _forward_232(x, c, W1, b1, W2, b2)
    do = [y[k] - (1.0 if k == int(c) else 0.0) for k in range(len(y))]
    dz = [sum(float(W2[j][k]) * do[k] for k in range(len(do))) * h[j] * (1.0 - h[j]) for j in range(len(h))]
    return {"W1": [[float(x[i]) * dz[j] for j in range(len(h))] for i in range(len(x))], "b1": dz,
            "W2": [[h[j] * do[k] for k in range(len(do))] for j in range(len(h))], "b2": do}


def _backward_scalar_values(student_backward: Any, x, c, W1, b1, W2, b2) -> dict[str, np.ndarray]:
    shapes = {"W1": (2, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
    out = _call_plain(student_backward, (x, c, W1, b1, W2, b2), "backward_scalar")
    if not isinstance(out, Mapping):
        fail("backward_scalar must return a dict with keys 'W1', 'b1', 'W2', 'b2'")
    missing = [k for k in shapes if k not in out]
    if missing:
        fail(f"the dict returned by backward_scalar has no key {missing[0]!r} "
             "(keys: 'W1', 'b1', 'W2', 'b2')")
    return {k: _plain_numbers(out[k], f"gradient {k}", shapes[k]) for k in ("b2", "W2", "b1", "W1")}


def backward_scalar(student_backward: Callable[..., Any]) -> None:
    """backward_scalar on random 2-3-2 networks against PyTorch autograd; plain Python only; derivatives
    by hand (checked on a network with saturated hidden units). A forward_scalar it calls is replaced by
    the grader's correct one, so a forward_scalar mistake costs only forward_scalar's points."""
    rng = rng_for(302)
    with stand_ins(student_backward, forward_scalar=_forward_232):
        _assert_plain_python(student_backward, "backward_scalar")
        for _ in range(5):
            x, c, W1, b1, W2, b2 = _random_232(rng)
            got = _backward_scalar_values(student_backward, x, c, W1, b1, W2, b2)
            exp = _oracle_232(x, c, W1, b1, W2, b2)
            on_z = _wrong_232(x, c, W1, b1, W2, b2, prime_on_z=True)
            onehot = _wrong_232(x, c, W1, b1, W2, b2, one_hot_c=True)
            diag = _wrong_232(x, c, W1, b1, W2, b2, diag_softmax=True)
            for k in ("b2", "W2", "b1", "W1"):
                name = f"gradient {k}"
                e = exp[f"d{k}"]
                hints = [
                    (onehot[f"d{k}"], f"{name}: c is treated as a one-hot vector; it is the integer index of "
                                      "the target class"),
                    (diag[f"d{k}"], f"{name}: ∂l/∂o uses only the diagonal of the softmax Jacobian"),
                    (on_z[f"d{k}"], f"{name}: σ′ was computed as z(1 − z) on the pre-activation; "
                                    "σ′(z) = h(1 − h) uses the activation h"),
                    *zero_hint(name, e, "the bias gradient is forgotten" if k.startswith("b")
                                else "no gradient reaches it"),
                ]
                scaled_close(got[k], e, name, None, hints, context="from backward_scalar")
        # saturated hidden units: exact tiny partials that finite differences cannot resolve
        x, c = [0.5, -0.4], 1
        W1, b1 = [[0.3, -0.2, 0.4], [0.1, 0.5, -0.3]], [-30.0, -31.0, -32.0]
        W2, b2 = [[0.8, -0.6], [-0.5, 0.9], [0.7, 0.4]], [0.2, -0.1]
        got = _backward_scalar_values(student_backward, x, c, W1, b1, W2, b2)
        exp = _oracle_232(x, c, W1, b1, W2, b2)
        if not all(close_per_entry(got[k], exp[f"d{k}"]) for k in got):
            saturation_fail("backward_scalar")


backward_scalar.time_limit = 20


# --------------------------------------------------------------------------------------------------
# section 3.3: the training loop of the 2-3-2 network (plain Python)

TRAIN_FACTOR = 10  # the notebook states it: training divides the mean loss by at least ten
TRAIN_EPOCHS, TRAIN_LR = 30, 0.5


def make_data_232(n: int, seed: int) -> list[tuple[list[float], int]]:
    """The synthetic two-class data of section 3.3 (the notebook's `make_data_232`, the grader's copy):
    x uniform in [−2, 2]², class 1 above the line x₂ = 0.5 x₁ + 0.3, class 0 below."""
    import random

    rnd = random.Random(seed)
    data = []
    for _ in range(n):
        x = [round(rnd.uniform(-2, 2), 3), round(rnd.uniform(-2, 2), 3)]
        data.append((x, int(x[1] > 0.5 * x[0] + 0.3)))
    return data


def init_232(seed: int) -> dict[str, list]:
    """The notebook's `init_232`: weights N(0, 1) from random.Random(seed), biases 0 (the grader's copy)."""
    import random

    rnd = random.Random(seed)
    return {"W1": [[rnd.gauss(0, 1) for _ in range(3)] for _ in range(2)], "b1": [0.0] * 3,
            "W2": [[rnd.gauss(0, 1) for _ in range(2)] for _ in range(3)], "b2": [0.0] * 2}


def _copy_params(p: Mapping[str, Any]) -> dict[str, list]:
    return {k: [list(map(float, r)) if isinstance(r, list | tuple) else float(r) for r in p[k]]
            for k in ("W1", "b1", "W2", "b2")}


def _update(p: dict[str, list], g: Mapping[str, list], lr: float, *, sign: float = -1.0,
            biases: bool = True) -> None:
    for k in ("W1", "b1", "W2", "b2"):
        if k.startswith("b") and not biases:
            continue
        for i, row in enumerate(p[k]):
            if isinstance(row, list):
                for j in range(len(row)):
                    row[j] += sign * lr * g[k][i][j]
            else:
                p[k][i] += sign * lr * g[k][i]


def _mean_loss(data: Sequence, p: Mapping[str, Any]) -> float:
    return sum(_forward_232(x, c, p["W1"], p["b1"], p["W2"], p["b2"])[4] for x, c in data) / len(data)


def _train_232(data: Sequence, params: Mapping[str, Any], epochs: int, lr: float, *, mode: str = "ok"
               ) -> tuple[dict[str, list], list[float]]:
    """The grader's loop: per-example SGD in the given order; losses[e] = the mean over epoch e of each
    example's loss before its update. `mode` switches on one typical mistake (for the hints)."""
    p = _copy_params(params)
    losses = []
    for _ in range(epochs):
        total, last = 0.0, 0.0
        batch = {"W1": [[0.0] * 3 for _ in range(2)], "b1": [0.0] * 3, "W2": [[0.0] * 2 for _ in range(3)],
                 "b2": [0.0] * 2}
        for x, c in data:
            last = _forward_232(x, c, p["W1"], p["b1"], p["W2"], p["b2"])[4]
            total += last
            g = _backward_232(x, c, p["W1"], p["b1"], p["W2"], p["b2"])
            if mode == "batch":
                _update(batch, g, 1.0 / len(data), sign=1.0)
            elif mode != "frozen":
                _update(p, g, lr, sign=1.0 if mode == "ascent" else -1.0, biases=mode != "no_bias")
        if mode == "batch":
            _update(p, batch, lr)
        losses.append(last if mode == "last" else total if mode == "sum" else total / len(data))
    return p, losses


def _train_result(raw: Any, epochs: int) -> tuple[Mapping[str, Any], np.ndarray]:
    if not isinstance(raw, tuple | list) or len(raw) != 2:
        fail("train_232 must return the pair (params, losses)")
    params, losses = raw
    if not isinstance(params, Mapping) or any(k not in params for k in ("W1", "b1", "W2", "b2")):
        fail("the params returned by train_232 must be the dict with keys 'W1', 'b1', 'W2', 'b2'")
    if not isinstance(losses, list | tuple):
        fail("the losses returned by train_232 must be a list with one mean loss per epoch")
    if len(losses) != epochs:
        fail(f"train_232 returned {len(losses)} losses for epochs = {epochs}: one mean loss per epoch")
    shapes = {"W1": (2, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
    got = {k: _plain_numbers(params[k], f"params[{k!r}]", shapes[k]).tolist() for k in shapes}
    return got, _plain_numbers(list(losses), "losses", (epochs,))


def _loss_and_grads_232(x, c, params) -> tuple[float, dict[str, list]]:
    """The grader's loss_and_grads for train_232: the 2-3-2 network's loss and gradients at params."""
    args = (x, c, params["W1"], params["b1"], params["W2"], params["b2"])
    return _forward_232(*args)[4], _backward_232(*args)


def train_232(student_train: Callable[..., Any]) -> None:
    """train_232(data, params, epochs, lr, loss_and_grads) on the grader's own synthetic data and initial
    weights, with the grader's correct loss_and_grads (so forward_scalar/backward_scalar mistakes cost
    only their own points): the per-epoch mean losses and the trained weights match per-example SGD in
    the given order, and the loss falls by the factor the notebook states."""
    data = make_data_232(40, seed=7301)
    params = init_232(seed=7302)
    epochs, lr = TRAIN_EPOCHS, TRAIN_LR
    _assert_plain_python(student_train, "train_232")
    short = {}
    for rate in (0.05, 0.3):  # a short run at two rates: is lr used at all?
        raw = _call_plain_train(student_train, (data, _copy_params(params), 2, rate, _loss_and_grads_232))
        short[rate] = _train_result(raw, 2)[1]
    raw = _call_plain_train(student_train, (data, _copy_params(params), epochs, lr, _loss_and_grads_232))
    got_params, losses = _train_result(raw, epochs)
    want_params, want = _train_232(data, params, epochs, lr)
    if is_close(short[0.05], _train_232(data, params, 2, 0.05, mode="frozen")[1], 1e-9, 0.0):
        fail("the loss never changes: train_232 does not update the parameters (update them after every "
             "example)")
    if is_close(short[0.05], short[0.3], 1e-9, 0.0) and not is_close(
            _train_232(data, params, 2, 0.05)[1], _train_232(data, params, 2, 0.3)[1], 1e-9, 0.0):
        fail("train_232 gives the same losses for different learning rates: it must use its lr argument")
    hints = [
        (_train_232(data, params, epochs, lr, mode="ascent")[1], "the loss grows: train_232 steps along the "
         "gradient; gradient descent subtracts it, p − lr · ∂l/∂p"),
        (_train_232(data, params, epochs, lr, mode="frozen")[1], "the loss never changes: train_232 does not "
         "update the parameters (update them after every example)"),
        (_train_232(data, params, epochs, lr, mode="no_bias")[1], "train_232 does not update the biases b1 "
         "and b2"),
        (_train_232(data, params, epochs, lr, mode="last")[1], "losses[e] must be the mean loss over epoch "
         "e's examples, not the loss of its last example"),
        (_train_232(data, params, epochs, lr, mode="batch")[1], "train_232 makes one update per epoch (full "
         "batch); stochastic gradient descent updates the parameters after every example"),
    ]
    scaled_close(losses, np.array(want), "losses", None, hints, context="(per-example SGD in the given "
                  "order; losses[e] = mean over epoch e of each example's loss before its update)",
                  factors={"the number of examples": len(data)})
    final = _mean_loss(data, got_params)
    start = _mean_loss(data, params)
    if not final <= start / TRAIN_FACTOR:
        fail(f"the trained parameters do not reduce the mean loss on the data by a factor of {TRAIN_FACTOR}: "
             "return the trained params")
    for k in ("W1", "b1", "W2", "b2"):
        scaled_close(np.array(got_params[k]), np.array(want_params[k]), f"params[{k!r}]", None,
                      context="after training")


train_232.time_limit = 30


def _call_plain_train(fn: Callable[..., Any], args: tuple) -> Any:
    try:
        return call(fn, *args, name="train_232", check_unchanged=False,
                    arg_names=["data", "params", "epochs", "lr", "loss_and_grads"])
    except CheckFailure as exc:
        if "IndexError" in str(exc):
            fail(str(exc) + _IDX_HINT)
        raise
