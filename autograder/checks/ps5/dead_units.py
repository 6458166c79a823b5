"""Check of problem set 5, section 5: dead_fraction (first-layer ReLU units that never fire)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from autograder.checklib import as_float, call, fail, rng_for


def _dead_oracle(params: Mapping[str, np.ndarray], X: np.ndarray) -> float:
    pre = np.asarray(X, dtype=np.float64) @ np.asarray(params["W1"], dtype=np.float64) \
        + np.asarray(params["b1"], dtype=np.float64)
    return float(np.mean(np.all(pre <= 0, axis=0)))


def _dead_cases() -> list[tuple[str, dict[str, np.ndarray], np.ndarray]]:
    rng = rng_for(7)
    cases = []
    # 1. random network; biases spread so that units are dead on all, some or no inputs
    D, H, N = 6, 12, 30
    W1 = rng.normal(size=(D, H))
    b1 = np.linspace(-4.0, 4.0, H)
    X = rng.normal(size=(N, D))
    cases.append(("a random network", {"W1": W1, "b1": b1, "W2": rng.normal(size=(H, 3)),
                                       "b2": np.zeros(3)}, X))
    # 2. every unit dead, 3. no unit dead
    cases.append(("a network whose units are all dead", {"W1": W1, "b1": np.full(H, -100.0)}, X))
    cases.append(("a network with no dead unit", {"W1": W1, "b1": np.full(H, 100.0)}, X))
    # 4. hand-made: unit 0 alive on one input only, unit 1 dead, unit 2 exactly zero on every input,
    #    unit 3 alive on all inputs, unit 4 alive on the first input only
    Xh = np.array([[-1.0, 2.0], [-2.0, 1.0], [3.0, -1.0], [-1.0, -3.0], [-0.5, 0.5]])
    W1h = np.array([[1.0, -1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0]])
    b1h = np.array([0.0, -4.0, 0.0, 1.0, -1.9])
    cases.append(("a hand-made network (units dead on some inputs only, a pre-activation exactly 0)",
                  {"W1": W1h, "b1": b1h}, Xh))
    # 5. a single input, float32
    cases.append(("a single input in float32", {"W1": W1.astype(np.float32), "b1": b1.astype(np.float32)},
                  X[:1].astype(np.float32)))
    # 6. wide layer
    W1w = rng.normal(size=(4, 50))
    cases.append(("a layer of 50 units", {"W1": W1w, "b1": rng.normal(size=50) * 3 - 2},
                  rng.normal(size=(20, 4))))
    return cases


def _dead_mistakes(pre: np.ndarray) -> list[tuple[float, str]]:
    """(value, message) of typical wrong answers for pre-activations `pre` (N, H)."""
    zero = pre <= 0
    return [
        (np.mean(np.any(zero, axis=0)), "dead_fraction counts a unit as dead when its output is zero on "
         "some input; a dead unit's output is zero on every input"),
        (np.mean(zero), "dead_fraction is the fraction of zero outputs over all (input, unit) pairs; it "
         "must be the fraction of units"),
        (np.sum(np.all(zero, axis=0)), "dead_fraction returns the number of dead units; it must return "
         "their fraction"),
        (1 - np.mean(np.all(zero, axis=0)), "dead_fraction returns the fraction of units that are alive"),
        (np.mean(np.all(zero, axis=1)), "dead_fraction averages over the wrong axis (inputs whose units "
         "are all zero, instead of units that are zero on all inputs)"),
        (np.mean(np.all(pre < 0, axis=0)), "dead_fraction misses units whose pre-activation is exactly 0: "
         "ReLU(0) = 0 is a zero output too"),
    ]


def dead_fraction(fn: Any) -> None:
    """dead_fraction(params, X) against a direct computation on edge cases.

    All cases are run first; a typical mistake is named only if it explains every case."""
    results = []
    for what, params, X in _dead_cases():
        raw = call(fn, params, X, name="dead_fraction", arg_names=["params", "X"])
        got = as_float(raw, "dead_fraction(params, X)")
        pre = np.asarray(X, dtype=np.float64) @ np.asarray(params["W1"], dtype=np.float64) \
            + np.asarray(params["b1"], dtype=np.float64)
        results.append((what, got, _dead_oracle(params, X), _dead_mistakes(pre)))
    tol = 1e-7
    failing = [r for r in results if abs(r[1] - r[2]) > tol]
    if not failing:
        return
    for k, (_, message) in enumerate(results[0][3]):
        if all(abs(got - mistakes[k][0]) <= tol for _, got, _, mistakes in results) and \
                any(abs(mistakes[k][0] - right) > tol for _, _, right, mistakes in results):
            fail(message)
    fail(f"dead_fraction(params, X) does not match the correct fraction for {failing[0][0]}")
