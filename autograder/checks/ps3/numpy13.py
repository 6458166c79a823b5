"""Checks of problem set 3, section 1: the 13-weight network in NumPy (forward_pass, backprop_13,
check_grad_error, train_numpy)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.checklib import CheckFailure, assert_close, call, fail, is_close, rng_for
from autograder.checks.ps3.net13 import (
    ORDER_HINT,
    ORIENTATION_HINTS_BACKPROP,
    ORIENTATION_HINTS_FORWARD,
    WRONG,
    backprop_standin,
    data13,
    forward_standin,
    grad13,
    grad13_variant,
    hint_from_exception,
    layout13,
    loss13,
    net13,
)
from autograder.checks.ps3.values import as_plain_array, as_plain_float, tuple_of
from autograder.oracles import tensor
from autograder.student_objects import stand_ins


def forward_pass(student_forward_pass) -> None:
    """forward_pass(x, w) -> (h (N, 3), y_pred (N, 1)) on random inputs of N = 1, 4, 13 examples."""
    rng = rng_for(301)
    for n, scale in ((4, 1.0), (13, 2.0), (1, 1.0), (6, 25.0)):
        x = rng.normal(size=(n, 2))
        w = rng.normal(size=13) * scale
        try:
            got = call(student_forward_pass, x, w, name="forward_pass", arg_names=["x", "w"])
        except CheckFailure as err:
            hint_from_exception(err, ORIENTATION_HINTS_FORWARD)
        h_raw, y_raw = tuple_of(got, "forward_pass", "(h, y_pred)")
        h = as_plain_array(h_raw, "h", (n, 3))
        y_pred = as_plain_array(y_raw, "y_pred")
        if y_pred.shape == (n,):
            fail(f"y_pred has shape ({n},); it must have shape ({n}, 1): keep the column axis, "
                 "targets and predictions are (N, 1) throughout")
        y_pred = as_plain_array(y_raw, "y_pred", (n, 1))
        h_e, y_e = (t.numpy() for t in net13(tensor(x), tensor(w)))
        ctx = f"for N={n}" + (" and large weights" if scale > 2 else "")
        wrong_h = []
        for where, message in WRONG:
            layout = layout13(w, where)
            hw = 1 / (1 + np.exp(-(x @ layout["0.weight"].T + layout["0.bias"])))
            wrong_h.append((hw, message))
        z_h = x @ layout13(w)["0.weight"].T
        wrong_h.append((1 / (1 + np.exp(-z_h)), "h ignores the bias weights w1-w3"))
        wrong_h.append((z_h + w[0:3], "h is missing the sigmoid"))
        assert_close(h, h_e, "h", raw=h_raw, hints=wrong_h, context=ctx)
        z_o = h_e @ w[10:13, None]
        wrong_y = [(z_o + w[9], "y_pred is missing the output sigmoid"),
                   (1 / (1 + np.exp(-z_o)), "y_pred ignores the output bias w10"),
                   (1 / (1 + np.exp(-(h_e @ w[9:12, None] + w[12]))),
                    "the output bias is misplaced: w10 is the output bias, w11-w13 the weights "
                    "from h1-h3")]
        assert_close(y_pred, y_e, "y_pred", raw=y_raw, hints=wrong_y, context=ctx)


def backprop_13(student_backprop_13) -> None:
    """backprop_13(x, y, w) -> the 13 partials of E = ½ Σ (y − ŷ)², against torch autograd (with a
    correct forward_pass standing in for the student's, so that only backprop_13 is judged)."""
    rng = rng_for(302)
    with stand_ins(student_backprop_13, forward_pass=forward_standin):
        for n, scale in ((5, 1.0), (20, 1.5), (1, 1.0), (8, 6.0)):
            x, y = data13(rng, n)
            w = rng.normal(size=13) * scale
            try:
                raw = call(student_backprop_13, x, y, w, name="backprop_13", arg_names=["x", "y", "w"])
            except CheckFailure as err:
                hint_from_exception(err, ORIENTATION_HINTS_BACKPROP)
            got = as_plain_array(raw, "the gradient of backprop_13", (13,), allow_squeeze=True)
            expected = grad13(x, y, w)
            hints = [(-expected, "the gradient has the wrong sign: E = ½ Σ (y − ŷ)², so ∂E/∂ŷ = ŷ − y")]
            if n > 1:
                hints.append((expected / n, "the gradient is averaged over the examples: E sums over "
                                            "the examples, so its gradient is a sum too"))
            hints.append((2 * expected, "the gradient is twice the correct one: did you drop the ½ "
                                        "in E?"))
            no_bias = expected.copy()
            no_bias[[0, 1, 2, 9]] = 0.0
            hints.append((no_bias, "the gradients of the bias weights w1-w3 and w10 are zero: the "
                                   "bias input is 1, so ∂E/∂(bias) is the sum of the unit's δ"))
            swapped = expected.copy()
            swapped[3:9] = expected[3:9].reshape(2, 3).T.ravel()
            hints.append((swapped, "the gradients of w4-w9 are in the transposed order (W where Wᵀ "
                                   "belongs): " + ORDER_HINT))
            hints += [
                (grad13_variant(x, y, w, out_prime="z", hid_prime="z"),
                 "σ′ is evaluated on the pre-activation z: σ′(z) = σ(z)(1 − σ(z)) uses the "
                 "activation, so write h(1 − h) and ŷ(1 − ŷ), not z(1 − z)"),
                (grad13_variant(x, y, w, hid_prime="z"),
                 "σ′ of the hidden units is evaluated on the pre-activation: use h(1 − h), not "
                 "z(1 − z)"),
                (grad13_variant(x, y, w, out_prime="z"),
                 "σ′ of the output unit is evaluated on the pre-activation: use ŷ(1 − ŷ), not "
                 "z(1 − z)"),
                (grad13_variant(x, y, w, out_prime="none"),
                 "δ of the output unit is missing the derivative of the output sigmoid: "
                 "δ_out = (ŷ − y) ŷ (1 − ŷ)"),
                (grad13_variant(x, y, w, hid_prime="none"),
                 "the δ of the hidden units is missing the derivative of their sigmoid h(1 − h)"),
            ]
            factors = {"the number of examples": n} if n > 1 else None
            assert_close(got, expected, "the gradient", raw=raw, hints=hints, factors=factors,
                         context=f"for N={n}")


def _their_e(student_e_train: Any) -> Callable[[np.ndarray], float]:
    return lambda v: as_plain_float(call(student_e_train, np.array(v), name="E_train", arg_names=["w"]),
                               "E_train(w)")


def _their_grad(student_backprop_13: Any, x: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    return lambda v: as_plain_array(call(student_backprop_13, x, y, np.array(v), name="backprop_13",
                                    arg_names=["x", "y", "w"]),
                               "the gradient of backprop_13", (13,), allow_squeeze=True)


def _judge_e_train(student_e_train, x_tr, y_tr, x_te, y_te, w) -> None:
    """E_train(w) is E on the training split (with a correct forward_pass standing in)."""
    rng = rng_for(307)
    n = len(x_tr)
    with stand_ins(student_e_train, forward_pass=forward_standin):
        for v in (w, rng.normal(size=13)):
            raw = call(student_e_train, v.copy(), name="E_train", arg_names=["w"])
            got = as_plain_float(raw, "E_train(w)")
            exp = loss13(x_tr, y_tr, v)
            hints = [(2 * exp, "E_train is missing the ½: E = ½ Σ (y − ŷ)²"),
                     (exp / n, "E_train averages over the examples: E is a sum, ½ Σ (y − ŷ)²"),
                     (2 * exp / n, "E_train is the mean squared error: E is a sum times ½, "
                                   "½ Σ (y − ŷ)²"),
                     (loss13(x_te, y_te, v), "E_train is E on the test split: use the training split "
                                              "(x_train, y_train)")]
            assert_close(np.array(got), np.array(exp), "E_train(w)", raw=raw, hints=hints, rtol=1e-9,
                         atol=1e-12, ratio_hint=False, context="(E on the training split)")


def _not_set(student_e_train, student_backprop_13, x_tr, y_tr, w) -> None:
    """check_grad_error was never stored (the cell raised): say which function made it raise."""
    why = ""
    try:
        _their_e(student_e_train)(w)
    except CheckFailure as err:
        try:
            with stand_ins(student_e_train, forward_pass=forward_standin):
                _their_e(student_e_train)(w)
            why = f" Calling E_train fails because of forward_pass ({err}): fix forward_pass first."
        except CheckFailure:
            why = f" Calling E_train fails: {err}."
    if not why:
        try:
            _their_grad(student_backprop_13, x_tr, y_tr)(w)
        except CheckFailure as err:
            why = f" Calling backprop_13 on the training split fails ({err}): fix backprop_13 first."
            with contextlib.suppress(CheckFailure), stand_ins(student_backprop_13,
                                                              forward_pass=forward_standin):
                _their_grad(student_backprop_13, x_tr, y_tr)(w)
                why = (f" Calling backprop_13 on the training split fails because of forward_pass ({err}): "
                       "fix forward_pass first.")
    fail("check_grad_error is not set: the cell of 1.3 must store the value check_grad returns "
         "(did that cell raise an error?)." + why)


def check_grad_error(value, student_e_train, student_backprop_13, x_train, y_train, x_test, y_test,
                     w0) -> None:
    """`check_grad_error` is what scipy's check_grad returns for the student's own E_train and their own
    backprop_13 on the training split at w0 (recomputed here from their functions: a number typed in
    does not match), and E_train is E on the training split. A wrong backprop_13 gives a large error,
    which is check_grad doing its job: it costs backprop_13's points, not these."""
    from scipy.optimize import check_grad

    x_tr, y_tr, w = (np.array(a, dtype=np.float64) for a in (x_train, y_train, w0))
    x_te, y_te = np.array(x_test, dtype=np.float64), np.array(y_test, dtype=np.float64)
    if not callable(student_e_train):
        fail("E_train must be a function of the weights w (define it in the cell of 1.3)")
    if value is None:
        _not_set(student_e_train, student_backprop_13, x_tr, y_tr, w)
    err = as_plain_float(value, "check_grad_error")
    if not np.isfinite(err) or err < 0:
        fail("check_grad_error must be the norm check_grad returns: a finite number, never negative")
    _judge_e_train(student_e_train, x_tr, y_tr, x_te, y_te, w)
    e = _their_e(student_e_train)
    try:
        ours = check_grad(e, _their_grad(student_backprop_13, x_tr, y_tr), w)
    except CheckFailure as exc:
        fail(f"check_grad cannot be run with your backprop_13 on the training split ({exc}): fix "
             "backprop_13 first")
    if is_close(np.array(err), np.array(ours), 1e-7, 1e-300):
        return
    try:
        other = check_grad(e, _their_grad(student_backprop_13, x_te, y_te), w)
    except CheckFailure:
        other = np.nan
    if is_close(np.array(err), np.array(other), 1e-7, 1e-300):
        fail("check_grad compared E_train (training split) with the gradient of the test split: "
                 "pass it backprop_13 on the same (training) split")
    fail("check_grad_error is not what check_grad(E_train, the gradient of backprop_13 on the training "
         "split, w0) returns for your functions: store the value check_grad returns (a number typed "
         "in, or another error measure, does not count)")


def train_numpy(student_train_numpy) -> None:
    """Full-batch gradient descent: losses before each update, final weights, w not modified (with a
    correct forward_pass and backprop_13 standing in for the student's: only train_numpy is judged)."""
    rng = rng_for(303)
    with stand_ins(student_train_numpy, forward_pass=forward_standin, backprop_13=backprop_standin):
        for n_tr, n_te, lr, epochs in ((12, 7, 0.1, 15), (1, 3, 0.5, 4), (9, 1, 0.05, 1)):
            _train_numpy_case(student_train_numpy, rng, n_tr, n_te, lr, epochs)


def _train_numpy_case(student_train_numpy, rng, n_tr: int, n_te: int, lr: float, epochs: int) -> None:
    x_tr, y_tr = data13(rng, n_tr)
    x_te, y_te = data13(rng, n_te)
    w = rng.normal(size=13)
    got = call(student_train_numpy, x_tr, y_tr, x_te, y_te, w, lr, epochs, name="train_numpy",
               arg_names=["x_train", "y_train", "x_test", "y_test", "w", "lr", "epochs"])
    w_raw, tr_raw, te_raw = tuple_of(got, "train_numpy", "(w, train_losses, test_losses)", 3)
    w_got = as_plain_array(w_raw, "the returned w", (13,), allow_squeeze=True)
    tr = as_plain_array(tr_raw, "train_losses", (epochs,), allow_squeeze=True)
    te = as_plain_array(te_raw, "test_losses", (epochs,), allow_squeeze=True)
    ws, w_mean = [w.copy()], [w.copy()]
    for _ in range(epochs):
        ws.append(ws[-1] - lr * grad13(x_tr, y_tr, ws[-1]))
        w_mean.append(w_mean[-1] - lr / n_tr * grad13(x_tr, y_tr, w_mean[-1]))
    exp_tr = np.array([loss13(x_tr, y_tr, v) for v in ws[:-1]])
    exp_te = np.array([loss13(x_te, y_te, v) for v in ws[:-1]])
    after_tr = np.array([loss13(x_tr, y_tr, v) for v in ws[1:]])
    after_te = np.array([loss13(x_te, y_te, v) for v in ws[1:]])
    mean_tr = np.array([loss13(x_tr, y_tr, v) for v in w_mean[:-1]])
    ctx = f"for {n_tr} training examples and {epochs} epoch(s)"
    mean_msg = "the updates use the mean gradient; use the gradient of E (a sum over examples)"
    common = [(2 * exp_tr, "train_losses are twice E: did you drop the ½?"),
              (exp_tr / n_tr, "train_losses are averaged over the examples; E is a sum")]
    if n_tr > 1:
        common.append((mean_tr, mean_msg))
    assert_close(tr, exp_tr, "train_losses", raw=tr_raw, context=ctx, hints=[
        (after_tr, "train_losses[i] must be E before update i, not after it"), *common])
    assert_close(te, exp_te, "test_losses", raw=te_raw, context=ctx, hints=[
        (after_te, "test_losses[i] must be E on the test set before update i, not after it"),
        (exp_tr, "test_losses hold the training losses"),
        (2 * exp_te, "test_losses are twice E: did you drop the ½?")])
    w_hints = [(w, "the returned w is the initial w: no update was applied")]
    if n_tr > 1:
        w_hints.append((w_mean[-1], mean_msg))
    if epochs > 1:
        w_hints.append((ws[-2], "the returned w has one update too few"))
    assert_close(w_got, ws[-1], "the returned w", raw=w_raw, context=ctx, hints=w_hints)
