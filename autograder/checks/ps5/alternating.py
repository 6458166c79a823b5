"""Checks of problem set 5, section 3: fit_alternating_3, fit_alternating_4 (a model that fits alternating
points, in time, with an output that varies continuously)."""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

import autograder.judge as judge
from autograder.checklib import as_array, call, fail, type_label

SECONDS_PER_FIT = 15.0  # per call, wall time on an idle grading machine (the model solution: about 1 s)
MAX_SECONDS_PER_FIT = 40.0  # the most a busy machine is allowed (two calls stay within the time limit)
HIDDEN_SEEDS = (1, 2)  # seed 0 is the visible test's


def _alternating_points(N: int) -> tuple[np.ndarray, np.ndarray]:
    """The grader's copy of utils.data.alternating_points: 2**N points k/2**N, labels k % 2."""
    k = np.arange(2**N)
    return (k / 2.0**N).reshape(-1, 1), k % 2


def _model_outputs(model: Any, x: np.ndarray, what: str) -> tuple[np.ndarray, Any]:
    """The model's logits for inputs x (float32, as the task states), as float64, and the raw output."""
    import torch

    xt = torch.tensor(x, dtype=torch.float32)
    with torch.no_grad():
        out = call(model, xt, name="the returned model", arg_names=["x"])
    got = as_array(out, f"{what} (the model's output for x of shape {tuple(x.shape)})", (len(x), 1))[:, 0]
    return got, out


def _eps(raw: Any) -> float:
    """Machine epsilon of the model's output dtype (float32 for PyTorch's default modules)."""
    dtype = getattr(raw, "dtype", None)
    name = str(dtype).rpartition(".")[2] if dtype is not None else "float64"
    return {"float16": 2.0**-10, "bfloat16": 2.0**-7, "float32": 2.0**-23}.get(name, 2.0**-52)


def _continuity(model: Any, N: int, seed: int) -> None:
    """Fail if the model's output jumps somewhere between the training points (tolerances scaled to
    the output's dtype: float32 rounding in a steep but continuous fit is no jump)."""
    lo, hi = 0.0, 1.0 - 2.0**-N
    grid = np.linspace(lo, hi, 2048 * 2**N // 8 + 1).reshape(-1, 1)
    f, raw = _model_outputs(model, grid, "model(x)")
    eps = _eps(raw)
    spread = max(float(f.max() - f.min()), 1.0)
    noise = 64 * eps * max(float(np.abs(f).max()), 1.0)  # a few ulps of the output, summed over layers
    width = max(2e-6, 64 * eps)  # bisect no finer than the float32 input can resolve
    jumps = np.abs(np.diff(f))
    for k in np.argsort(jumps)[::-1][:3]:
        a, b = float(grid[k, 0]), float(grid[k + 1, 0])
        fa, fb = f[k], f[k + 1]
        while b - a > width:
            m = 0.5 * (a + b)
            fm = _model_outputs(model, np.array([[m]]), "model(x)")[0][0]
            if abs(fm - fa) >= abs(fb - fm):
                b, fb = m, fm
            else:
                a, fa = m, fm
        if abs(fb - fa) > max(0.01 * spread, 1e-3, noise):
            fail(f"the model of fit_alternating({N}, {seed}) jumps between training points: its output must "
                 "vary continuously with the input (no lookup table, no rounding of the input)")


def _seconds_per_fit() -> float:
    """The per-call limit, stretched by how busy the machine is (the kernel runs on it too): a valid
    answer does not fail because other submissions are graded at the same time."""
    try:
        busy = os.getloadavg()[0] / max(os.cpu_count() or 1, 1)
    except OSError:
        busy = 1.0
    return min(SECONDS_PER_FIT * max(1.0, busy), MAX_SECONDS_PER_FIT)


def _check_alternating(fit: Any, N: int) -> None:
    X, y = _alternating_points(N)
    for seed in HIDDEN_SEEDS:
        limit = _seconds_per_fit()
        started = time.perf_counter()
        model = call(fit, N, seed, name="fit_alternating", arg_names=["N", "seed"])
        elapsed = time.perf_counter() - started
        if not judge.remote_isinstance(model, "torch.nn.Module"):
            fail(f"fit_alternating must return a torch.nn.Module, not {type_label(model)}")
        if elapsed > max(limit, _seconds_per_fit()):
            fail(f"fit_alternating({N}, {seed}) took more than {SECONDS_PER_FIT:.0f} s (the limit per call): "
                 "train fewer steps, or stop once every point is right")
        if not any(p.requires_grad and p.numel() > 0 for p in model.parameters()):
            fail("the returned model has no trainable parameters (a network trained by gradient descent "
                 "has some)")
        model.eval()
        logits = _model_outputs(model, X, "model(x)")[0]
        wrong = int(np.sum((logits > 0).astype(int) != y))
        if wrong:
            fail(f"fit_alternating({N}, {seed}) misclassifies {wrong} of the {len(y)} training points: "
                 "the training accuracy must be 100 % (label 1 where the logit is > 0; the model must "
                 "return logits, not probabilities)")
        _continuity(model, N, seed)


def fit_alternating_3(fit: Any) -> None:
    """fit_alternating(3, seed) for seeds 1 and 2."""
    _check_alternating(fit, 3)


def fit_alternating_4(fit: Any) -> None:
    """fit_alternating(4, seed) for seeds 1 and 2."""
    _check_alternating(fit, 4)


# two fits and the continuity probes: a slow answer is stopped here, whatever the machine's load
fit_alternating_3.time_limit = 2 * MAX_SECONDS_PER_FIT + 10
fit_alternating_4.time_limit = 2 * MAX_SECONDS_PER_FIT + 10
