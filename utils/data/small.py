"""Small datasets that need no download: scikit-learn's 8x8 digits, two moons, XOR, alternating points,
the shipped two-class set; and a seeded train/validation/test split."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from utils.cache import (
    REPO_ROOT,
    DataNotFoundError,
    cache_dir,
)
from utils.data._common import DataFormatError, Normalize, PathLike, _check_options, _prepare


def load_digits(*, flatten: bool = True, normalize: Normalize = "scale",
                dtype: DTypeLike = np.float32, n_train: int | None = None, n_val: int = 300,
                n_test: int = 300, seed: int = 0, test: bool = False) -> dict[str, np.ndarray]:
    """scikit-learn's embedded 8x8 handwritten digits (1,797 images, values 0-16): no download,
    the offline default for quick runs.

    Same dict as `load_mnist`: X (N, 64) or (N, 8, 8), y (N,) int64 in 0-9. `seed` draws both
    the `n_test` held-out test images (withheld whether or not `test` is asked for) and the
    `n_val` validation images; the defaults give 1,197 / 300 / 300. "scale" divides by 16.
    """
    from sklearn.datasets import load_digits as _sk_load_digits

    dt = _check_options(normalize, dtype, "random")
    d = _sk_load_digits()
    X, y = d.images, d.target
    if not 0 <= n_test < len(X):
        raise ValueError(f"n_test must be in [0, {len(X)}), not {n_test}")
    perm = np.random.default_rng(seed).permutation(len(X))
    pool, held = np.sort(perm[n_test:]), np.sort(perm[:n_test])
    return _prepare(X[pool], y[pool], X[held] if test else None, y[held] if test else None,
                    flatten=flatten, normalize=normalize, dtype=dt, n_train=n_train, n_val=n_val,
                    val_split="random", val_seed=seed + 1, n_test=None, max_value=16.0)


def _count(v: float | int, n: int, name: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a fraction in [0, 1) or a count, not {v!r}")
    if isinstance(v, float | np.floating):
        if not 0 <= v < 1:
            raise ValueError(f"{name}={v}: a fraction must be in [0, 1)")
        return int(round(v * n))
    if not 0 <= v < n:
        raise ValueError(f"{name}={v}: a count must be in [0, {n})")
    return int(v)


def train_val_test_split(X: ArrayLike, y: ArrayLike, *, val: float | int = 0.1,
                         test: float | int = 0.1, seed: int = 0, shuffle: bool = True
                         ) -> dict[str, np.ndarray]:
    """Split (X, y) into training, validation and test parts, seeded.

    `val` and `test` are fractions in [0, 1) of the N rows or counts. X has shape (N, ...), y (N,).
    Returns ``{"X_train", "y_train", "X_val", "y_val"}`` plus ``"X_test", "y_test"`` when `test`
    is not 0. With `shuffle` the parts are drawn with ``np.random.default_rng(seed)`` and rows keep
    their original order within each part; without it the rows are train, then val, then test.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
    n = len(X)
    n_val, n_test = _count(val, n, "val"), _count(test, n, "test")
    n_train = n - n_val - n_test
    if n_train <= 0:
        raise ValueError(f"val={val} and test={test} leave no training rows out of {n}")
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    bounds = {"train": (0, n_train), "val": (n_train, n_train + n_val),
              "test": (n_train + n_val, n)}
    out = {}
    for split, (a, b) in bounds.items():
        if split == "test" and not test:
            continue
        idx = np.sort(order[a:b]) if shuffle else order[a:b]
        out[f"X_{split}"], out[f"y_{split}"] = X[idx], y[idx]
    return out


def make_moons_pm1(n_samples: int, noise: float = 0.0, seed: int = 0
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (``sklearn.datasets.make_moons``) with inputs mapped by
    ``2 x - 1`` and labels in {-1, +1}. Returns X (n_samples, 2) float64 and t (n_samples,) int64.
    """
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return 2.0 * X - 1.0, 2 * y.astype(np.int64) - 1


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points: X (4, 2) float64 = [[0,0],[0,1],[1,0],[1,1]], y (4,) int64 = [0,1,1,0]."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0, 1, 1, 0], dtype=np.int64)


def alternating_points(N: int) -> tuple[np.ndarray, np.ndarray]:
    """The 2**N points 0, 2**-N, ..., 1 - 2**-N with alternating labels 0, 1, 0, 1, ...

    Returns X (2**N, 1) float64 and y (2**N,) int64. (A 1-D set that needs many linear pieces.)
    """
    if not isinstance(N, int | np.integer) or not 0 <= N <= 24:
        raise ValueError(f"N must be an integer in [0, 24], not {N!r}")
    k = np.arange(2**N)
    return (k / 2.0**N).reshape(-1, 1), (k % 2).astype(np.int64)


def load_two_class(path: PathLike | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The course's 2-feature, 2-class table ``data/two_class.csv`` (300 rows, overlapping but
    learnable classes; generated by ``data/make_two_class.py``). Returns X (N, 2) float64 and
    y (N,) int64 in {0, 1}. Looked up in ``<repo>/data``, then in the cache directory."""
    candidates = [Path(path)] if path is not None else [REPO_ROOT / "data" / "two_class.csv",
                                                         cache_dir() / "two_class.csv"]
    for p in candidates:
        if p.is_file():
            table = np.loadtxt(p, delimiter=",", skiprows=1, ndmin=2)
            if table.shape[1] != 3 or not np.isin(table[:, 2], (0, 1)).all():
                raise DataFormatError(f"{p}: expected columns x1,x2,label with labels 0/1")
            return table[:, :2].copy(), table[:, 2].astype(np.int64)
    raise DataNotFoundError("two_class.csv not found in " + " or ".join(map(str, candidates))
                            + "; regenerate it with `python data/make_two_class.py`")
