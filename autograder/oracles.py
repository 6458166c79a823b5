"""Independent computations shared by the checks: PyTorch float64 as the oracle for NumPy code.

The oracles of one problem set stay in its check module; what more than one set computes the same way
is here. Torch is imported on first use (a check module that needs no oracle loads faster).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["torch_module", "tensor", "to_numpy", "sigmoid"]


def torch_module():
    """The `torch` module, imported on first use."""
    import torch as _torch

    return _torch


def tensor(a: Any, grad: bool = False, dtype: Any = None):
    """A fresh torch tensor of `a` (any array-like, read as float64), in `dtype` (default float64),
    tracking gradients when `grad`. Same shape as `a`."""
    t = torch_module()
    return t.tensor(np.asarray(a, dtype=np.float64), dtype=t.float64 if dtype is None else dtype,
                    requires_grad=grad)


def to_numpy(t: Any) -> np.ndarray:
    """A float64 NumPy copy of a torch tensor (detached), same shape."""
    return t.detach().numpy().astype(np.float64).copy()


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^(−z)), elementwise, in NumPy."""
    return 1.0 / (1.0 + np.exp(-z))
