"""Checks of problem set 2, section 2: backpropagation and gradient descent on the two moons."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.checklib import CheckFailure, assert_close, call, fail, is_close, rng_for, tolerances
from autograder.checks.ps2.oracles import moons_error, moons_init, moons_numpy, moons_oracle
from autograder.checks.ps2.rules import call_named, numpy_only, with_stand_ins
from autograder.checks.ps2.values import as_plain_array, tuple_of


def moons_backprop(student_backprop: Callable) -> None:
    """backprop(X, T, W, B, V) vs torch autograd of E = mean(max(0, −y t)); N from 1, H 50 and 5."""
    numpy_only((student_backprop, "backprop"))
    rng = rng_for(2002)
    cases = [(1, 50), (3, 50), (100, 50), (4, 5), (37, 50)]
    for n, hidden in cases:
        X = rng.uniform(-3.0, 3.0, size=(n, 2))
        W, B, V = moons_init(rng, hidden)
        Y = np.maximum(0.0, X @ W + B) @ V
        if n == 1:
            T = -np.sign(Y).astype(np.int64)  # misclassified: a non-zero gradient
        else:
            T = rng.choice(np.array([-1, 1]), size=n)
            T[0], T[1] = -np.sign(Y[0]), np.sign(Y[1])  # at least one wrong, one right
            if n % 2:
                T = T.astype(np.float64)
        result = call_named(student_backprop, X, T, W, B, V, name="backprop",
                       arg_names=["X", "T", "W", "B", "V"], named=("transpose",))
        DW_raw, DB_raw, DV_raw = tuple_of(result, 3, "backprop", "(DW, DB, DV)")
        _, DW, DB, DV = moons_oracle(X, T, W, B, V)
        got = {
            "DW": (as_plain_array(DW_raw, "DW", W.shape), DW_raw, DW, 0),
            "DB": (as_plain_array(DB_raw, "DB", B.shape), DB_raw, DB, 1),
            "DV": (as_plain_array(DV_raw, "DV", V.shape), DV_raw, DV, 2),
        }
        mistakes = {
            "sum": "is summed over the examples instead of averaged (the 1/N of E is missing)",
            "dv_from_z": "uses Z instead of A = max(0, Z): y depends on V through A",
            "no_mask": "is missing the ReLU derivative (the mask Z > 0)",
            "mask_without_bias": "uses a ReLU mask without the bias: the mask is Z = XW + B > 0",
            "wrong_examples": "uses the correctly classified examples; only misclassified ones "
                              "(−y t > 0) contribute to E",
            "no_v": "is missing the factor V in dE/dA",
        }
        wrong = {m: moons_numpy(X, T, W, B, V, m) for m in mistakes}
        for key, (actual, raw, expected, slot) in got.items():
            hints = [(wrong[m][slot], f"{key} {msg}") for m, msg in mistakes.items()]
            if key == "DB":
                hints.insert(0, (np.zeros_like(expected), "DB is zero: the bias gradient is missing "
                                                          "(B shifts Z, so dE/dB sums dE/dZ over the "
                                                          "examples)"))
            assert_close(actual, expected, key, raw=raw, hints=hints,
                         factors={"the number of examples": n},
                         context=f"for N={n}, {hidden} hidden units")


def train_moons(student_train_moons: Callable) -> None:
    """train_moons: errors[i] = E before step i, callback before each step, lr honoured, converges."""
    name = "train_moons"
    numpy_only((student_train_moons, name))

    def correct_backprop(X, T, W, B, V):
        """The grader's backprop, standing in for the student's while train_moons is judged."""
        return moons_numpy(np.asarray(X, dtype=np.float64), np.asarray(T, dtype=np.float64),
                            np.asarray(W, dtype=np.float64), np.asarray(B, dtype=np.float64),
                            np.asarray(V, dtype=np.float64))

    with with_stand_ins(student_train_moons, {"backprop": correct_backprop}):
        _train_moons(student_train_moons)


def _train_moons(student_train_moons: Callable) -> None:
    name = "train_moons"
    rng = rng_for(2003)
    n = 60
    X = rng.uniform(-3.0, 3.0, size=(n, 2))
    T = np.where(X[:, 1] > np.sin(1.5 * X[:, 0]), 1, -1)
    W0, B0, V0 = moons_init(rng)
    lr, iterations = 0.05, 12

    def trajectory(step_lr, sign=1.0):
        """E before each of iterations + 1 steps, and the parameters after `iterations` steps."""
        W, B, V = W0.copy(), B0.copy(), V0.copy()
        errors, final = [], None
        for step in range(iterations + 1):
            if step == iterations:
                final = (W, B, V)
            errors.append(moons_error(X, T, W, B, V))
            DW, DB, DV = moons_numpy(X, T, W, B, V)
            W, B, V = W - sign * step_lr * DW, B - sign * step_lr * DB, V - sign * step_lr * DV
        return errors, final

    calls: list[tuple] = []
    callback_errors: list[Exception] = []

    def callback(i, W, B, V):
        calls.append((i, moons_error(X, T, as_plain_array(W, "W", W0.shape), as_plain_array(B, "B", B0.shape),
                                      as_plain_array(V, "V", V0.shape))))

    def relay(*args, **kwargs):
        """What the student's code calls (in the kernel, through the channel): runs here."""
        try:
            return callback(*args, **kwargs)
        except Exception as exc:
            callback_errors.append(exc)
            raise

    try:
        result = call(student_train_moons, X, T, W0.copy(), B0.copy(), V0.copy(), lr=lr,
                      iterations=iterations, callback=relay, name=name, check_unchanged=False)
    except CheckFailure:
        # The kernel sees the callback's failure as its own error: report the callback's, as when
        # the check ran in the student's process.
        if not callback_errors:
            raise
        error = callback_errors[0]
        if isinstance(error, CheckFailure):
            raise error from None
        fail(f"{name} raised {type(error).__name__}: {error}")
    W_raw, B_raw, V_raw, errors_raw = tuple_of(result, 4, name, "(W, B, V, errors)")
    errors = as_plain_array(errors_raw, "errors", allow_squeeze=True)
    if errors.ndim != 1 or len(errors) != iterations:
        fail(f"{name} must return one error per iteration (errors[i] is E before step i)")
    good, final = trajectory(lr)
    expected = np.array(good[:iterations])
    rtol, atol = tolerances(np.asarray(errors_raw), W_raw)
    hints = [
        (np.array(trajectory(lr, -1.0)[0][:iterations]),
         "errors grow: you step along the gradient (gradient ascent); subtract lr times the gradient"),
        (np.array(good[1:iterations + 1]), "errors[i] must be E before step i, not after it"),
        (np.array(trajectory(0.1)[0][:iterations]), f"{name} ignores its lr argument"),
        (np.array(trajectory(lr * n)[0][:iterations]),
         f"{name} takes steps N times too large (are the gradients averaged over the examples?)"),
        (expected * n, "errors must be E = the mean over the examples, not the sum"),
    ]
    assert_close(errors, expected, "errors", rtol=max(rtol, 1e-6), atol=max(atol, 1e-9),
                 hints=hints, ratio_hint=True, context="(compared step by step with gradient descent)")
    if [c[0] for c in calls] != list(range(iterations)):
        fail(f"{name} must call callback(i, W, B, V) once before every step, with i = 0, 1, ...")
    seen = np.array([c[1] for c in calls])
    if not is_close(seen, expected, max(rtol, 1e-6), max(atol, 1e-9)):
        fail(f"{name} must call callback(i, W, B, V) with the parameters before step i")
    for label, raw, want in zip("WBV", (W_raw, B_raw, V_raw), final, strict=True):
        got = as_plain_array(raw, label, want.shape)
        assert_close(got, want, f"the returned {label}", raw=raw, ratio_hint=False,
                     context=f"after {iterations} steps")
    _check_defaults(student_train_moons, X, T, (W0, B0, V0), good[0])


def _check_defaults(student_train_moons: Callable, X: np.ndarray, T: np.ndarray,
                    start: tuple[np.ndarray, np.ndarray, np.ndarray], first_error: float) -> None:
    """train_moons with its default arguments (lr=0.1, iterations=128) from the parameters `start`
    (W (2, H), B (H,), V (H,)) runs 128 iterations and reaches the error gradient descent reaches on X
    (N, 2), T (N,); `first_error` is E at `start`."""
    name = "train_moons"
    W, B, V = (a.copy() for a in start)
    result = call(student_train_moons, X, T, W.copy(), B.copy(), V.copy(), name=name, check_unchanged=False)
    errors_raw = tuple_of(result, 4, name, "(W, B, V, errors)")[3]
    errors = as_plain_array(errors_raw, "errors", allow_squeeze=True)
    if errors.ndim != 1 or len(errors) != 128:
        fail(f"{name} with its default arguments must run 128 iterations")
    for _ in range(128):
        DW, DB, DV = moons_numpy(X, T, W, B, V)
        W, B, V = W - 0.1 * DW, B - 0.1 * DB, V - 0.1 * DV
    if abs(errors[0] - first_error) > 1e-4 * max(1.0, first_error) \
            or errors[-1] > moons_error(X, T, W, B, V) + 0.01:
        fail(f"{name} with its default arguments (lr=0.1, iterations=128) does not reduce E as "
             "gradient descent does")

