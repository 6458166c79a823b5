"""Checks of problem set 1, section 2: softmax and cross-entropy (softmax, dl_dy, dy_do, dl_do)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from autograder.checklib import CheckFailure, as_array, call, fail, rng_for
from autograder.checks.ps1.values import checked_array, scaled_close, shape_str
from autograder.oracles import tensor, to_numpy


def _softmax_t(o: np.ndarray) -> np.ndarray:
    return to_numpy(torch.softmax(tensor(o), dim=0))


def _finite_or_fail(arr: np.ndarray, name: str, context: str) -> None:
    if not np.isfinite(arr).all():
        fail(f"{name} contains NaN or inf {context}")


def softmax(student_softmax: Callable[..., Any]) -> None:
    """softmax on random logits of sizes 1 to 10 (arrays and lists), then |o| up to 1e3."""
    rng = rng_for(101)
    cases: list[tuple[Any, str]] = []
    for k in (3, 1, 2, 7, 10):
        cases.append((rng.normal(size=k) * 3, f"for K={k}"))
    cases.append(((rng.normal(size=4) * 2).tolist(), "when o is a Python list"))
    cases.append((np.array([0.5, -1.0, 2.0], dtype=np.float32), "for a float32 input"))
    large = [
        np.array([1000.0, 999.0, -1000.0]),
        np.array([-1000.0, -999.5, -1001.0]),
        np.full(4, 1000.0),
        np.array([1000.0, -1000.0]),
        rng.uniform(-1000, 1000, size=6),
    ]
    cases += [(o, "for large logits (|o| up to 1e3): subtract max(o) before exponentiating")
              for o in large]
    for o, context in cases:
        k = len(o)
        try:
            raw = call(student_softmax, o, name="softmax", arg_names=["o"])
        except CheckFailure as exc:
            if "OverflowError" in str(exc):
                fail("softmax raised OverflowError for large logits (|o| up to 1e3): e^o does not fit in a "
                     "float; subtract max(o) from every logit before exponentiating")
            raise
        got = as_array(raw, "softmax(o)", finite=False)
        if got.shape != (k,):
            fail(f"softmax(o) has shape {shape_str(got.shape)} for o of shape ({k},); "
                 f"it must have shape ({k},)")
        _finite_or_fail(got, "softmax(o)", context)
        expected = _softmax_t(np.asarray(o, dtype=np.float64))
        o64 = np.asarray(o, dtype=np.float64)
        hints = [
            (to_numpy(torch.log_softmax(tensor(o64), dim=0)),
             "softmax(o) returned log-probabilities (log-softmax)"),
            (np.exp(o64 - o64.max()), "softmax(o) does not sum to 1: divide by the sum of the exponentials"),
        ]
        if abs(got.sum() - 1) > 1e-3 and not np.allclose(expected.sum(), 0):
            hints.append((got, "softmax(o) does not sum to 1"))
        scaled_close(got, expected, "softmax(o)", raw, hints, context=context)


softmax.time_limit = 20


def _random_probs(rng: np.random.Generator, k: int) -> np.ndarray:
    """A softmax output whose entries are not tiny (moderate logits)."""
    return _softmax_t(rng.normal(size=k))


def _target(rng: np.random.Generator, k: int, i: int) -> int | np.integer:
    """Target class for case i: the first case uses c = 2 (c = 0 or 1 would hide the one-hot mistake)."""
    c = 2 if i == 0 else int(rng.integers(0, k))
    return np.int64(c) if i % 2 else c


def _index_with_onehot(y: np.ndarray, c: int, values: np.ndarray) -> np.ndarray:
    """What `g[e_c.astype(int)] = values[e_c.astype(int)]` gives on a copy of y (or of zeros for dl_dy):
    the one-hot vector's values 0 and 1 used as indices touch entries 0 and 1, not c."""
    k = len(y)
    if k < 2:
        return np.full(k, np.nan)  # index 1 does not exist: that mistake raises instead
    idx = np.eye(k)[int(c)].astype(int)
    base = np.zeros(k) if np.allclose(values, -1 / y) else np.array(y, dtype=float)
    base[idx] = values[idx]
    return base


def _dl_dy_t(y: np.ndarray, c: int) -> np.ndarray:
    yt = tensor(y).requires_grad_()
    (-torch.log(yt[int(c)])).backward()
    return to_numpy(yt.grad)


def dl_dy(student_dl_dy: Callable[..., Any]) -> None:
    """∂l/∂y for l = −log y_c on random probability vectors (K = 1..10), arrays and lists, c int."""
    rng = rng_for(102)
    for i, k in enumerate((4, 3, 1, 2, 10, 5)):
        y = _random_probs(rng, k)
        c = _target(rng, k, i)
        arg = y.tolist() if i == 3 else y
        raw = call(student_dl_dy, arg, c, name="dl_dy", arg_names=["y", "c"])
        got = checked_array(raw, "dl_dy(y, c)", (k,))
        expected = _dl_dy_t(y, c)
        one_hot = np.eye(k)[int(c)]
        hints = [
            (-int(c) / y, "dl_dy treats c as a one-hot vector; c is the integer index of the target class"),
            (-1 / y, "dl_dy(y, c) differentiates −log summed over all classes; the loss is −log y_c of the "
                     "target class only, so only entry c is non-zero"),
            (_index_with_onehot(y, c, -1 / y), "dl_dy uses the one-hot values (0 and 1) as indices; index "
                                               "with the integer c itself"),
            (-one_hot * np.log(y), "dl_dy returned −log y (the loss), not its derivative"),
            (-one_hot * y, "dl_dy(y, c): the derivative of −log y_c is −1 / y_c"),
            (y - one_hot, "dl_dy returned ∂l/∂o; this function is ∂l/∂y"),
        ]
        scaled_close(got, expected, "dl_dy(y, c)", raw, hints, context=f"for K={k}")


dl_dy.time_limit = 20


def _dy_do_t(o: np.ndarray) -> np.ndarray:
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), tensor(o))
    return to_numpy(jac)


def dy_do(student_dy_do: Callable[..., Any]) -> None:
    """The K × K softmax Jacobian for random probability vectors, K = 1..6, arrays and lists."""
    rng = rng_for(103)
    for i, k in enumerate((3, 2, 6, 4, 1)):
        o = rng.normal(size=k) * 1.5
        y = _softmax_t(o)
        arg = y.tolist() if i == 3 else y
        raw = call(student_dy_do, arg, name="dy_do", arg_names=["y"])
        got = as_array(raw, "dy_do(y)")
        if got.shape == (k,) and k > 1:
            fail(f"dy_do(y) has shape ({k},): it must return the full K × K Jacobian, not only its diagonal")
        if got.shape != (k, k):
            fail(f"dy_do(y) has shape {shape_str(got.shape)} for y of shape ({k},); "
                 f"it must have shape ({k}, {k})")
        expected = _dy_do_t(o)
        hints = [
            (np.diag(y * (1 - y)), "dy_do(y) has only the diagonal of the Jacobian; the off-diagonal "
                                   "entries ∂y_i/∂o_j = −y_i y_j (i ≠ j) are not zero"),
            (-np.outer(y, y), "dy_do(y) is missing the diagonal term: ∂y_i/∂o_i has an extra y_i"),
            (np.diag(y) - float(y @ y), "dy_do(y) uses the inner product y·y where the outer product "
                                        "y yᵀ is needed"),
            (np.outer(y, 1 - y), "dy_do(y) applies the sigmoid derivative pattern y_i(1 − y_j) to every "
                                 "entry"),
        ]
        scaled_close(got, expected, "dy_do(y)", raw, hints, context=f"for K={k}")


dy_do.time_limit = 20


def _dl_do_t(o: np.ndarray, c: int) -> np.ndarray:
    ot = tensor(o).requires_grad_()
    (-torch.log_softmax(ot, dim=0)[int(c)]).backward()
    return to_numpy(ot.grad)


def dl_do(student_dl_do: Callable[..., Any]) -> None:
    """∂l/∂o = y − e_c for random probability vectors (K = 1..10), arrays and lists, c int."""
    rng = rng_for(104)
    for i, k in enumerate((4, 2, 1, 3, 10)):
        o = rng.normal(size=k) * 1.5
        y = _softmax_t(o)
        c = _target(rng, k, i)
        arg = y.tolist() if i == 3 else y
        raw = call(student_dl_do, arg, c, name="dl_do", arg_names=["y", "c"])
        got = checked_array(raw, "dl_do(y, c)", (k,))
        expected = _dl_do_t(o, c)
        one_hot = np.eye(k)[int(c)]
        hints = [
            (y - int(c), "dl_do treats c as a one-hot vector; c is the integer index of the target class"),
            (y, "dl_do(y, c) is missing the −1 at the target class c"),
            (_index_with_onehot(y, c, y - 1), "dl_do uses the one-hot values (0 and 1) as indices; index "
                                              "with the integer c itself"),
            (y - 1, "dl_do(y, c) subtracts 1 from every entry (−log summed over all classes); only the "
                    "target class c gets the −1"),
            (-one_hot * (1 - y), "dl_do(y, c) looks like the chain rule through only the diagonal of the "
                                 "softmax Jacobian; the off-diagonal entries matter"),
            (-one_hot / y, "dl_do returned ∂l/∂y; this function is ∂l/∂o"),
        ]
        scaled_close(got, expected, "dl_do(y, c)", raw, hints, context=f"for K={k}")


dl_do.time_limit = 20
