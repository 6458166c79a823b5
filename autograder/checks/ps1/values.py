"""Problem set 1's reading and comparing of answers: arrays of the asked shape, closeness for hand-derived
values, and the hints for a dropped or doubled ½ and a missing term."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from autograder.checklib import as_array, assert_close, fail, tolerances


def shape_str(shape: Sequence[int]) -> str:
    """A shape as the text `(2, 3)` (plain ints, whatever the integer type)."""
    return str(tuple(int(d) for d in shape))


def checked_array(value: Any, name: str, shape: tuple[int, ...], *, scalar_ok: bool = False,
           like: str | None = None, transposed_hint: str | None = None) -> np.ndarray:
    """`value` as a float64 array of `shape` (a number is accepted for shape (1,) if `scalar_ok`)."""
    arr = as_array(value, name)
    if tuple(arr.shape) == tuple(shape):
        return arr
    if scalar_ok and arr.size == 1 and arr.ndim <= 1:
        return arr.reshape(shape)
    want = f"the shape of {like}, {shape_str(shape)}" if like else f"shape {shape_str(shape)}"
    msg = f"{name} has shape {shape_str(arr.shape)}; it must have {want}"
    if transposed_hint and len(shape) == 2 and tuple(arr.shape) == (shape[1], shape[0]):
        msg += f" ({transposed_hint})"
    fail(msg)


def close_hand(value: np.ndarray, expected: np.ndarray, name: str, raw: Any,
                hints: Sequence[tuple[Any, str]] = ()) -> None:
    """Hand-computed values: a relative error of 1e-4 of the quantity's size is allowed."""
    scale = float(np.max(np.abs(expected))) or 1.0
    hints = [*hints, (-expected, f"{name} has the wrong sign")]
    assert_close(value, expected, name, rtol=1e-4, atol=1e-4 * scale, raw=raw, hints=hints,
                 context="(checked to a relative 1e-4: keep at least 6 significant digits)")


def scaled_close(value: np.ndarray, expected: np.ndarray, name: str, raw: Any,
                  hints: Sequence[tuple[Any, str]] = (), context: str = "",
                  factors: Mapping[str, float] | None = None) -> None:
    """Computed values: dtype tolerance, with an absolute floor relative to the array's size."""
    rtol, atol = tolerances(raw)
    scale = float(np.max(np.abs(expected), initial=0.0))
    assert_close(value, expected, name, rtol=rtol, atol=max(atol * 1e-2, rtol * 1e-2 * scale),
                 raw=raw, hints=hints, context=context, factors=factors)


def half_hints(name: str, expected: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """Hints for a value twice or half `expected` (the ½ of the loss dropped or applied twice)."""
    return [
        (2 * expected, f"{name} is twice the correct value: check the factor ½ of the loss "
                       "(d/dx ½(x − y)² = x − y)"),
        (0.5 * expected, f"{name} is half the correct value: the factor ½ of the loss was applied twice"),
    ]


def zero_hint(name: str, expected: np.ndarray, what: str) -> list[tuple[np.ndarray, str]]:
    """A hint for an all-zero answer (`what` says which term is missing); none when `expected` is 0."""
    if np.allclose(expected, 0):
        return []
    return [(np.zeros_like(expected), f"{name} is all zeros: {what}")]
