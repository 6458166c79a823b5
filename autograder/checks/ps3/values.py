"""Problem set 3's reading of student values: plain numbers, arrays and tensors only, and tuples."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from autograder.checklib import as_array, as_float, fail, type_label


def refuse_non_plain(value: Any, name: str) -> None:
    """Refuse anything but numbers, NumPy arrays, torch tensors and (nested) lists/tuples of them.

    `np.array` iterates over any object with `__len__`/`__getitem__`; an object that never raises
    IndexError would keep it busy (and growing) until the time limit. Checked before `as_array`.
    """
    stack, seen = [value], 0
    while stack:
        v = stack.pop()
        seen += 1
        if seen > 100_000:
            fail(f"{name} is too large or too deeply nested")
        if isinstance(v, list | tuple):
            stack.extend(v)
        elif not isinstance(v, int | float | np.ndarray | np.generic | torch.Tensor) and v is not None:
            fail(f"{name} must be a number, a NumPy array, a tensor or a list of numbers, "
                 f"not {type_label(v)}")


def as_plain_array(value: Any, name: str, shape: tuple[int, ...] | None = None, **kwargs: Any) -> np.ndarray:
    refuse_non_plain(value, name)
    return as_array(value, name, shape, **kwargs)


def as_plain_float(value: Any, name: str) -> float:
    refuse_non_plain(value, name)
    return as_float(value, name)


def tuple_of(result: Any, name: str, what: str, n: int = 2) -> tuple:
    """The student's result as a tuple of `n` items (`what` names them in the failure message)."""
    if not isinstance(result, tuple | list) or len(result) != n:
        fail(f"{name} must return a tuple {what}")
    return tuple(result)
