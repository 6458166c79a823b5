"""Check of problem set 2, section 3: init_mlp (keys, shapes, zero biases, the variance of each scheme, rng
only)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from autograder.checklib import call, fail
from autograder.checks.ps2.rules import numpy_only
from autograder.checks.ps2.values import as_plain_array, global_state_unchanged
from autograder.student_objects import call_echo, kernel_rng, plain_container, random_state

SCHEMES = {
    "xavier": ("Var = 2 / (fan_in + fan_out)", lambda fi, fo: 2.0 / (fi + fo)),
    "he": ("Var = 2 / fan_in", lambda fi, fo: 2.0 / fi),
}


def _check_init_variance(W: np.ndarray, scheme: str, key: str) -> None:
    fan_in, fan_out = W.shape
    rule, variance = SCHEMES[scheme]
    target = variance(fan_in, fan_out)
    n = W.size
    tol = max(0.04, 6.0 * np.sqrt(2.0 / n))
    var = float(np.mean(W**2))
    if abs(float(W.mean())) > 6.0 * np.sqrt(target / n) + 1e-12:
        fail(f"init_mlp: the weights {key} must have mean 0")
    if abs(var / target - 1.0) <= tol:
        return
    named = [
        (target**2, "the variance was used as the standard deviation (take its square root)"),
        (np.sqrt(target), "the standard deviation was used as the variance"),
        (2.0 / fan_out, f"uses fan_out where the {scheme!r} scheme uses fan_in"),
        (1.0 / fan_in, f"uses Var = 1 / fan_in, not the {scheme!r} rule"),
        (1.0, "draws weights of variance 1: scale them"),
        (SCHEMES["he" if scheme == "xavier" else "xavier"][1](fan_in, fan_out),
         f"uses the other scheme where {scheme!r} was asked for"),
    ]
    for wrong, message in named:
        if abs(wrong / target - 1.0) > tol and abs(var / wrong - 1.0) <= tol:
            fail(f"init_mlp ({key}): {message} ({rule} for {scheme!r})")
    fail(f"init_mlp: the variance of {key} does not follow the {scheme!r} rule ({rule})")


def init_mlp(student_init: Callable) -> None:
    """init_mlp(sizes, rng, scheme): keys, shapes, zero biases, variance per scheme, rng only."""
    name = "init_mlp"
    numpy_only((student_init, name))
    cases = [([784, 300, 10], None), ([784, 300, 10], "he"), ((400, 300, 200, 10), "xavier"),
             ([1000, 1, 5], "he"), ([120, 200, 160, 90, 3], "he")]
    for sizes, scheme in cases:
        sizes_before = list(sizes)
        state = random_state(student_init)
        args = (sizes, kernel_rng(student_init, len(sizes) * 10 + (scheme == "he")))
        params, after = call_echo(student_init, *args, name=name,
                                   **({} if scheme is None else {"scheme": scheme}))
        global_state_unchanged(student_init, state, name)
        if not isinstance(after[0], list | tuple) or list(after[0]) != sizes_before:
            fail(f"{name} modified its argument sizes")
        params = plain_container(params)
        if not isinstance(params, Mapping):
            fail(f"{name} must return a dict of parameters W1, b1, W2, b2, ...")
        L = len(sizes) - 1
        keys = [f"{p}{layer}" for layer in range(1, L + 1) for p in "Wb"]
        if sorted(map(str, params)) != sorted(keys):
            fail(f"{name} must return exactly the keys W1, b1, ..., W{{L}}, b{{L}} (numbered from 1) "
                 f"for {L} layers")
        for layer in range(1, L + 1):
            W = as_plain_array(params[f"W{layer}"], f"W{layer}", (sizes[layer - 1], sizes[layer]))
            b = as_plain_array(params[f"b{layer}"], f"b{layer}", (sizes[layer],))
            if np.any(b != 0):
                fail(f"{name}: the biases must be zero (b{layer} is not)")
            if np.asarray(params[f"W{layer}"]).dtype.kind != "f":
                fail(f"{name}: the weights must be floating-point numbers")
            if W.size >= 200 or layer == 1:
                _check_init_variance(W, scheme or "xavier", f"W{layer}")
    sizes = [30, 20, 10]
    first, again, other = (
        plain_container(call(student_init, sizes, kernel_rng(student_init, seed), name=name,
                             check_unchanged=False))
        for seed in (5, 5, 6))
    w = [as_plain_array(p["W1"], "W1", (30, 20)) for p in (first, again, other)]
    if not np.array_equal(w[0], w[1]):
        fail(f"{name} gave different weights for generators with the same seed: draw from rng only")
    if np.array_equal(w[0], w[2]):
        fail(f"{name} gave the same weights for generators with different seeds: draw from rng")
    rng = kernel_rng(student_init, 5)
    call(student_init, sizes, rng, name=name, check_unchanged=False)
    second = plain_container(call(student_init, sizes, rng, name=name, check_unchanged=False))
    if np.array_equal(as_plain_array(second["W1"], "W1", (30, 20)), w[0]):
        fail(f"{name} gave the same weights when called again with the same (advanced) rng: draw "
             "from rng")
