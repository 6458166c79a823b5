"""What every loader shares: the option checks, the train/validation carve and the final arrays."""

from __future__ import annotations

import os
from typing import Literal

import numpy as np
from numpy.typing import DTypeLike

Normalize = Literal["scale", "center"] | None
ValSplit = Literal["random", "tail"]
PathLike = str | os.PathLike[str]


class DataFormatError(ValueError):
    """A data file is not in the format it should be (bad magic number, truncated, bad pickle)."""


# ----------------------------------------------------------------------------- common machinery


def _check_options(normalize: Normalize, dtype: DTypeLike, val_split: str) -> np.dtype:
    if normalize not in ("scale", "center", None):
        raise ValueError(f"normalize must be 'scale', 'center' or None, not {normalize!r}")
    if val_split not in ("random", "tail"):
        raise ValueError(f"val_split must be 'random' or 'tail', not {val_split!r}")
    dt = np.dtype(dtype)
    if normalize is not None and dt.kind != "f":
        raise ValueError(f"normalize={normalize!r} needs a floating dtype, not {dt}")
    return dt


def _carve(n: int, n_train: int | None, n_val: int, val_split: str, val_seed: int
           ) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, val) into a pool of n training images, each in increasing order."""
    if not 0 <= n_val < n:
        raise ValueError(f"n_val must be in [0, {n}) for a training set of {n} images, not {n_val}")
    if val_split == "tail":
        train_idx, val_idx = np.arange(n - n_val), np.arange(n - n_val, n)
    else:
        perm = np.random.default_rng(val_seed).permutation(n)
        train_idx, val_idx = np.sort(perm[n_val:]), np.sort(perm[:n_val])
    if n_train is not None:
        if not 0 < n_train <= len(train_idx):
            raise ValueError(f"n_train must be in [1, {len(train_idx)}] (the training images left "
                             f"after n_val={n_val}), not {n_train}")
        train_idx = train_idx[:n_train]
    return train_idx, val_idx


def _prepare(X_pool: np.ndarray, y_pool: np.ndarray, X_test: np.ndarray | None,
             y_test: np.ndarray | None, *, flatten: bool, normalize: Normalize, dtype: np.dtype,
             n_train: int | None, n_val: int, val_split: str, val_seed: int,
             n_test: int | None, max_value: float) -> dict[str, np.ndarray]:
    """Split, convert, normalise and flatten; returns the loaders' dict."""
    train_idx, val_idx = _carve(len(X_pool), n_train, n_val, val_split, val_seed)
    parts = {"train": (X_pool[train_idx], y_pool[train_idx]),
             "val": (X_pool[val_idx], y_pool[val_idx])}
    if X_test is not None and y_test is not None:
        if n_test is not None:
            if not 0 < n_test <= len(X_test):
                raise ValueError(f"n_test must be in [1, {len(X_test)}], not {n_test}")
            X_test, y_test = X_test[:n_test], y_test[:n_test]
        parts["test"] = (X_test, y_test)
    mean = None
    if normalize == "center":
        mean = parts["train"][0].mean(axis=0, dtype=np.float64).astype(dtype)
    out: dict[str, np.ndarray] = {}
    for split, (X, y) in parts.items():
        X = X.astype(dtype)  # always a fresh array
        if normalize == "scale":
            X /= np.asarray(max_value, dtype=dtype)
        elif mean is not None:
            X -= mean
        # an empty split (n_val=0) keeps its row width: reshape(0, -1) is ambiguous
        out[f"X_{split}"] = X.reshape(len(X), int(np.prod(X.shape[1:]))) if flatten else X
        out[f"y_{split}"] = y.astype(np.int64)
    return out
