"""Checks of problem set 1, sections 4 and 5: the 2-3-1 network with 13 weights (grad_13) and the general
case (backprop_deltas)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from autograder.checklib import CheckFailure, as_array, call, fail, rng_for
from autograder.checks.ps1.rule import assert_by_hand, close_per_entry, saturation_fail
from autograder.checks.ps1.values import checked_array, half_hints, scaled_close, shape_str, zero_hint
from autograder.oracles import sigmoid, tensor, to_numpy


def _oracle_13(x1: float, x2: float, y: float, w: np.ndarray) -> np.ndarray:
    wt = tensor(w).requires_grad_()
    xb = tensor([1.0, x1, x2])
    V = wt[:9].reshape(3, 3)          # V[i, j]: from input i (bias, x1, x2) into hidden unit j
    h = torch.sigmoid(xb @ V)
    y_hat = torch.sigmoid(wt[9] + h @ wt[10:])
    (0.5 * (y - y_hat) ** 2).backward()
    return to_numpy(wt.grad)


def _wrong_13(x1, x2, y, w, *, prime_on_z=False, out_prime=True, per_unit=False, half=0.5) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    xb = np.array([1.0, x1, x2])
    V = w[:9].reshape(3, 3)
    if per_unit:
        V = V.T
    z = xb @ V
    h = sigmoid(z)
    zo = w[9] + h @ w[10:]
    yh = sigmoid(zo)
    d_out = 2 * half * (yh - y) * ((zo * (1 - zo) if prime_on_z else yh * (1 - yh)) if out_prime else 1.0)
    d_h = d_out * w[10:] * (z * (1 - z) if prime_on_z else h * (1 - h))
    g_in = np.outer(xb, d_h)
    if per_unit:
        g_in = g_in.T
    return np.concatenate((g_in.ravel(), d_out * np.concatenate(([1.0], h))))


def grad_13(student_grad_13: Callable[..., Any]) -> None:
    """The 13 partial derivatives for random weights and examples, w as array, list or tuple."""
    assert_by_hand(student_grad_13, "grad_13")
    rng = rng_for(401)
    for i in range(6):
        w = rng.normal(size=13)
        x1, x2 = (float(v) for v in rng.normal(size=2) * 1.5)
        y = float(rng.uniform(0, 1))
        arg = (w, w.tolist(), tuple(w.tolist()))[i % 3]
        raw = call(student_grad_13, x1, x2, y, arg, name="grad_13", arg_names=["x1", "x2", "y", "w"])
        got = as_array(raw, "grad_13(x1, x2, y, w)")
        if got.size != 13 or got.ndim > 2:
            fail(f"grad_13 must return the 13 partials ∂E/∂w1 … ∂E/∂w13; got shape {shape_str(got.shape)}")
        if got.shape != (13,):
            got = got.reshape(13)
        exp = _oracle_13(x1, x2, y, w)
        bias_free = exp.copy()
        bias_free[[0, 1, 2, 9]] = 0
        hints = [
            (_wrong_13(x1, x2, y, w, per_unit=True), "grad_13: the partials are in the wrong order; w1–w3 "
             "come from the bias b1, w4–w6 from x1, w7–w9 from x2 (into h1, h2, h3), w10 from b2, "
             "w11–w13 from h1–h3"),
            (_wrong_13(x1, x2, y, w, out_prime=False), "grad_13: the derivative of the output sigmoid "
             "σ′(z_out) = ŷ(1 − ŷ) is missing"),
            (_wrong_13(x1, x2, y, w, prime_on_z=True), "grad_13: σ′ was computed as z(1 − z) on the "
             "pre-activation; σ′(z) = σ(z)(1 − σ(z)) uses the activation"),
            (bias_free, "grad_13: the bias weights w1–w3 and w10 get gradient zero; the bias inputs are 1"),
            *half_hints("grad_13", exp),
        ]
        scaled_close(got, exp, "grad_13(x1, x2, y, w)", raw, hints, context="for random weights")
    # saturated hidden units (pre-activations far below zero): exact tiny partials that finite
    # differences cannot resolve
    w = np.array([-30.0, -31.0, -32.0, 0.4, -0.3, 0.2, 0.1, 0.5, -0.6, 0.3, 0.9, -0.7, 0.8])
    raw = call(student_grad_13, 0.7, -0.4, 0.9, w, name="grad_13", arg_names=["x1", "x2", "y", "w"])
    got = as_array(raw, "grad_13(x1, x2, y, w)", finite=False)
    if got.size != 13 or not close_per_entry(got.reshape(13), _oracle_13(0.7, -0.4, 0.9, w)):
        saturation_fail("grad_13")


grad_13.time_limit = 20


# --------------------------------------------------------------------------------------------------
# section 5: the general case


def _oracle_deltas(Ws: list[np.ndarray], bs: list[np.ndarray], x: np.ndarray, y: np.ndarray):
    Wt = [tensor(W).requires_grad_() for W in Ws]
    bt = [tensor(b).requires_grad_() for b in bs]
    a = tensor(x)
    for W, b in zip(Wt, bt, strict=True):
        a = torch.sigmoid(W @ a + b)
    (0.5 * ((a - tensor(y)) ** 2).sum()).backward()
    return [to_numpy(W.grad) for W in Wt], [to_numpy(b.grad) for b in bt]


def _wrong_deltas(Ws, bs, x, y, *, prime_on_z=False, out_prime=True, no_transpose=False):
    acts, pres = [np.asarray(x, float)], []
    for W, b in zip(Ws, bs, strict=True):
        pres.append(W @ acts[-1] + b)
        acts.append(sigmoid(pres[-1]))

    def prime(l):  # l indexes layers 0..L-1
        return pres[l] * (1 - pres[l]) if prime_on_z else acts[l + 1] * (1 - acts[l + 1])

    L = len(Ws)
    delta = (acts[-1] - y) * (prime(L - 1) if out_prime else 1.0)
    dWs, dbs = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        dWs[l], dbs[l] = np.outer(delta, acts[l]), delta
        if l:
            if no_transpose and Ws[l].shape[0] != Ws[l].shape[1]:
                return None
            back = Ws[l] @ delta if no_transpose else Ws[l].T @ delta
            delta = back * prime(l - 1)
    return dWs, dbs


_DELTA_CASES = ((3, 3, 3), (4, 2), (2, 2, 2, 2), (1, 4, 1, 2), (3, 1, 2, 2, 1), (2, 5, 3), (1, 1))


def backprop_deltas(student_backprop: Callable[..., Any]) -> None:
    """backprop_deltas on networks of 1 to 4 layers, widths 1 to 5, against PyTorch autograd."""
    assert_by_hand(student_backprop, "backprop_deltas")
    rng = rng_for(501)
    for dims in _DELTA_CASES:
        L = len(dims) - 1
        Ws = [rng.normal(size=(dims[l + 1], dims[l])) * 1.2 for l in range(L)]
        bs = [rng.normal(size=dims[l + 1]) * 0.5 for l in range(L)]
        x = rng.normal(size=dims[0])
        y = rng.uniform(0, 1, size=dims[-1])
        ctx = f"for layer sizes {dims}"
        raw = _call_deltas(student_backprop, Ws, bs, x, y, ctx)
        if not isinstance(raw, tuple | list) or len(raw) != 2:
            fail("backprop_deltas must return the pair (dWs, dbs)")
        dWs, dbs = raw
        for what, lst in (("dWs", dWs), ("dbs", dbs)):
            if not isinstance(lst, list | tuple):
                fail(f"{what} must be a list with one array per layer")
            if len(lst) != L:
                fail(f"{what} has {len(lst)} entries for a network of {L} layers {ctx}")
        exp_W, exp_b = _oracle_deltas(Ws, bs, x, y)
        if L > 1 and any(np.shape(dWs[l]) != Ws[l].shape for l in range(L)) and all(
                np.shape(dWs[L - 1 - l]) == Ws[l].shape for l in range(L)):
            fail(f"dWs is in reverse order {ctx}: dWs[l] must be the gradient of Ws[l] (first layer first)")
        variants = {
            "pre": _wrong_deltas(Ws, bs, x, y, prime_on_z=True),
            "out": _wrong_deltas(Ws, bs, x, y, out_prime=False),
            "noT": _wrong_deltas(Ws, bs, x, y, no_transpose=True),
        }
        for l in range(L):
            for what, lst, exp, like in (("dWs", dWs, exp_W, "Ws"), ("dbs", dbs, exp_b, "bs")):
                _compare_layer(what, lst, exp, like, l, variants, ctx)
    # saturated first layer (pre-activations far below zero): exact tiny partials that finite
    # differences cannot resolve
    Ws = [np.array([[0.4, -0.3], [0.2, 0.5], [-0.6, 0.1]]), np.array([[0.9, -0.7, 0.8], [-0.5, 0.6, 0.3]])]
    bs = [np.array([-30.0, -31.0, -32.0]), np.array([0.3, -0.2])]
    x, y = np.array([0.7, -0.4]), np.array([0.9, 0.1])
    raw = _call_deltas(student_backprop, Ws, bs, x, y, "for a saturated first layer")
    exp_W, exp_b = _oracle_deltas(Ws, bs, x, y)
    try:
        ok = all(close_per_entry(as_array(g, "dWs", e.shape, finite=False), e)
                 for g, e in zip([*raw[0], *raw[1]], [*exp_W, *exp_b], strict=True))
    except (CheckFailure, TypeError, ValueError, IndexError):
        ok = False
    if not ok:
        saturation_fail("backprop_deltas")


_DELTA_MESSAGES = {
    "pre": "{name}: σ′ was computed as z(1 − z) on the pre-activation; σ′(z) = a(1 − a)",
    "out": "{name}: the derivative of the output sigmoid is missing from δ⁽ᴸ⁾",
    "noT": "{name}: the δ recursion must use the transpose of the next layer's weights",
}


def _compare_layer(what: str, lst: Any, exp: list[np.ndarray], like: str, l: int,
                   variants: dict[str, Any], ctx: str) -> None:
    """Layer l of the student's dWs or dbs against autograd's, naming the known mistakes (transposed,
    reverse order, σ′ on z, output σ′ missing, no transpose in the recursion, halves, no bias)."""
    L = len(exp)
    e = exp[l]
    name = f"{what}[{l}]"
    got = checked_array(lst[l], name, e.shape, like=f"{like}[{l}]",
                 transposed_hint="transposed? dWs[l] = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ")
    idx = 0 if what == "dWs" else 1
    hints = []
    if what == "dWs" and e.shape[0] == e.shape[1]:
        hints.append((e.T, f"{name} is transposed: dWs[l] = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ has the shape of Ws[l]"))
    mirror = exp[L - 1 - l]
    if l != L - 1 - l and mirror.shape == e.shape:
        hints.append((mirror, f"{what} is in reverse order: {what}[l] belongs to layer l"))
    for key, v in variants.items():
        if v is not None and v[idx][l].shape == e.shape:
            hints.append((v[idx][l], _DELTA_MESSAGES[key].format(name=name)))
    hints += half_hints(name, e)
    if what == "dbs":
        hints += zero_hint(name, e, "the bias gradient is forgotten (∂C/∂b⁽ˡ⁾ = δ⁽ˡ⁾)")
    scaled_close(got, e, name, lst[l], hints, context=ctx)


def _call_deltas(fn: Callable[..., Any], Ws: list, bs: list, x: np.ndarray, y: np.ndarray, ctx: str) -> Any:
    """Call backprop_deltas; a matrix product with mismatched shapes is reported without the raw error."""
    try:
        return call(fn, Ws, bs, x, y, name="backprop_deltas", arg_names=["Ws", "bs", "x", "y"])
    except CheckFailure as exc:
        text = str(exc)
        if "ValueError" in text and any(w in text for w in ("matmul", "not aligned", "shapes", "broadcast")):
            fail(f"backprop_deltas multiplies matrices whose shapes do not fit {ctx}: in the δ recursion "
                 "δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ σ′ the next layer's weights are transposed (W instead of Wᵀ "
                 "only works for square layers), and dW⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ is an outer product")
        raise


backprop_deltas.time_limit = 20
