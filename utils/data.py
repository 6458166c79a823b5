"""Datasets for the course.

Image datasets, read from their original distribution files through the checksummed cache of
`utils.cache` (``COURSE_DATA_DIR`` or ``<repo>/data``; missing files are downloaded):

- `load_mnist`, `load_fashion_mnist`: the IDX ``.gz`` files, 60,000 training + 10,000 test images.
- `load_cifar10`: ``cifar-10-python.tar.gz`` (or its extracted ``cifar-10-batches-py/``), 50,000 +
  10,000 images; ``subset="small"`` is the genuine 4,000 + 1,000 image subset (the first images of
  each set), also readable from ``cifar10_subset.npz`` without the 170 MB archive.
- `load_digits`: scikit-learn's embedded 8x8 digits (1,797 images): offline, for quick runs.

Every image loader returns a dict of NumPy arrays::

    X_train (N_train, D) or (N_train, H, W[, C]),  y_train (N_train,) int64
    X_val   (N_val, ...),                          y_val   (N_val,)   int64
    X_test  (N_test, ...),                         y_test  (N_test,)  int64   (only if test=True)

The validation set is carved from the training set (never from the test set): ``val_split="random"``
draws `n_val` images with ``np.random.default_rng(val_seed)``, ``"tail"`` takes the last `n_val`.
Both keep the images of each part in their original order; ``n_train`` then keeps the first
`n_train` remaining training images. ``normalize="scale"`` divides by the maximum pixel value (255;
16 for digits) into [0, 1]; ``"center"`` subtracts the mean training image from the raw values (no
scaling; the mean is that of the returned X_train); ``None`` keeps the raw values.

Small datasets: `make_moons_pm1`, `xor`, `alternating_points`, `load_two_class`; and a seeded
`train_val_test_split` returning the same dict.

Command line: ``python -m utils.data seed DIR`` links a local copy (laid out as mnist/,
fashion-mnist/, cifar10/) into the cache; ``download NAME`` fetches a dataset; ``status`` lists
the cache.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import math
import os
import pickle
import struct
import sys
import tarfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from utils.cache import (
    REGISTRY,
    REPO_ROOT,
    ChecksumError,
    DataNotFoundError,
    cache_dir,
    fetch,
    seed_cache,
    verify_file,
)

__all__ = [
    "load_mnist",
    "load_fashion_mnist",
    "load_cifar10",
    "load_digits",
    "load_two_class",
    "make_moons_pm1",
    "xor",
    "alternating_points",
    "train_val_test_split",
    "read_idx",
    "cache_dir",
    "ChecksumError",
    "DataNotFoundError",
    "DataFormatError",
    "MNIST_CLASSES",
    "FASHION_MNIST_CLASSES",
    "CIFAR10_CLASSES",
]

Normalize = Literal["scale", "center"] | None
ValSplit = Literal["random", "tail"]
PathLike = str | os.PathLike[str]

MNIST_CLASSES = tuple(str(d) for d in range(10))
FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                         "Sneaker", "Bag", "Ankle boot")
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                   "truck")

IDX_TRAIN = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
IDX_TEST = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
CIFAR_TAR = "cifar-10-python.tar.gz"
CIFAR_DIR = "cifar-10-batches-py"
CIFAR_NPZ = "cifar10_subset.npz"
CIFAR_SMALL_TRAIN = 4000  # subset="small": training images 0-3,999 ...
CIFAR_SMALL_TEST = 1000  # ... and test images 0-999


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


# ----------------------------------------------------------------------------- MNIST-like (IDX)


def read_idx(path: PathLike) -> np.ndarray:
    """Read an IDX file of unsigned bytes (``.gz`` or not) into a uint8 array of its dimensions,
    e.g. (60000, 28, 28) for ``train-images-idx3-ubyte.gz`` (magic number 2051) and (60000,) for
    ``train-labels-idx1-ubyte.gz`` (2049). Raises `DataFormatError` on a bad or truncated file."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            buf = f.read()
    except (OSError, EOFError, zlib.error) as err:
        raise DataFormatError(f"{path} cannot be read ({err}): corrupted or truncated") from err
    if len(buf) < 4 or buf[0] != 0 or buf[1] != 0 or buf[2] != 0x08:
        raise DataFormatError(f"{path}: bad IDX magic number 0x{buf[:4].hex()} (expected "
                              "0x000008NN: unsigned bytes in NN dimensions)")
    ndim = buf[3]
    header = 4 + 4 * ndim
    if len(buf) < header:
        raise DataFormatError(f"{path}: truncated IDX header")
    dims = struct.unpack(f">{ndim}I", buf[4:header])
    count = math.prod(dims)
    if len(buf) - header != count:
        raise DataFormatError(f"{path}: the header announces dimensions {dims} ({count:,} bytes) "
                              f"but {len(buf) - header:,} bytes follow: truncated or corrupted")
    return np.frombuffer(buf, dtype=np.uint8, count=count, offset=header).reshape(dims).copy()


def _read_idx_pair(images: Path, labels: Path) -> tuple[np.ndarray, np.ndarray]:
    X, y = read_idx(images), read_idx(labels)
    if X.ndim != 3:
        raise DataFormatError(f"{images}: expected an image file (magic 2051, 3 dimensions), "
                              f"got {X.ndim} dimensions")
    if y.ndim != 1:
        raise DataFormatError(f"{labels}: expected a label file (magic 2049, 1 dimension), "
                              f"got {y.ndim} dimensions")
    if len(X) != len(y):
        raise DataFormatError(f"{images.name} has {len(X)} images but {labels.name} has "
                              f"{len(y)} labels")
    if len(y) and y.max() > 9:
        raise DataFormatError(f"{labels}: labels must be 0-9, found {y.max()}")
    return X, y


def _load_idx_dataset(dataset: str, *, flatten: bool, normalize: Normalize, dtype: DTypeLike,
                      n_train: int | None, n_val: int, val_split: str, val_seed: int, test: bool,
                      n_test: int | None, data_dir: PathLike | None) -> dict[str, np.ndarray]:
    dt = _check_options(normalize, dtype, val_split)
    paths = fetch(dataset, IDX_TRAIN + (IDX_TEST if test else ()), data_dir)
    X, y = _read_idx_pair(paths[IDX_TRAIN[0]], paths[IDX_TRAIN[1]])
    X_test = y_test = None
    if test:
        X_test, y_test = _read_idx_pair(paths[IDX_TEST[0]], paths[IDX_TEST[1]])
    return _prepare(X, y, X_test, y_test, flatten=flatten, normalize=normalize, dtype=dt,
                    n_train=n_train, n_val=n_val, val_split=val_split, val_seed=val_seed,
                    n_test=n_test, max_value=255.0)


def load_mnist(*, flatten: bool = True, normalize: Normalize = "scale",
               dtype: DTypeLike = np.float32, n_train: int | None = None, n_val: int = 5000,
               val_split: ValSplit = "random", val_seed: int = 0, test: bool = False,
               n_test: int | None = None, data_dir: PathLike | None = None
               ) -> dict[str, np.ndarray]:
    """MNIST handwritten digits from the original IDX files (60,000 training, 10,000 test).

    Returns ``{"X_train", "y_train", "X_val", "y_val"}`` (+ ``"X_test", "y_test"`` if `test`):
    X of shape (N, 784) if `flatten` else (N, 28, 28), in `dtype`; y of shape (N,) int64, 0-9.
    The defaults give 55,000 training and 5,000 validation images (a seeded random split) in
    [0, 1]. See the module docstring for `normalize`, `val_split`, `n_train`; `n_test` keeps the
    first test images; `data_dir` overrides the cache directory.
    """
    return _load_idx_dataset("mnist", flatten=flatten, normalize=normalize, dtype=dtype,
                             n_train=n_train, n_val=n_val, val_split=val_split, val_seed=val_seed,
                             test=test, n_test=n_test, data_dir=data_dir)


def load_fashion_mnist(*, flatten: bool = True, normalize: Normalize = "scale",
                       dtype: DTypeLike = np.float32, n_train: int | None = None,
                       n_val: int = 5000, val_split: ValSplit = "random", val_seed: int = 0,
                       test: bool = False, n_test: int | None = None,
                       data_dir: PathLike | None = None) -> dict[str, np.ndarray]:
    """Zalando's Fashion-MNIST from the original IDX files; same interface and shapes as
    `load_mnist`. Class names: `FASHION_MNIST_CLASSES`."""
    return _load_idx_dataset("fashion-mnist", flatten=flatten, normalize=normalize, dtype=dtype,
                             n_train=n_train, n_val=n_val, val_split=val_split, val_seed=val_seed,
                             test=test, n_test=n_test, data_dir=data_dir)


# ----------------------------------------------------------------------------- CIFAR-10

_NP_CORE = "numpy._core" if importlib.util.find_spec("numpy._core") else "numpy.core"
_PICKLE_ALLOWED = {
    (f"{_NP_CORE}.multiarray", "_reconstruct"),
    (f"{_NP_CORE}.multiarray", "scalar"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("_codecs", "encode"),
}


class _BatchUnpickler(pickle.Unpickler):
    """Unpickles a CIFAR batch (a dict of lists, strings and uint8 arrays) and nothing else."""

    def find_class(self, module: str, name: str):
        for old in ("numpy.core", "numpy._core"):
            if module == old or module.startswith(old + "."):
                module = _NP_CORE + module[len(old):]
        if (module, name) not in _PICKLE_ALLOWED:
            raise pickle.UnpicklingError(f"a CIFAR batch may not contain {module}.{name}")
        return super().find_class(module, name)


def _decode_batch(raw: bytes, where: str) -> tuple[np.ndarray, np.ndarray]:
    """A CIFAR "python version" batch -> (X (N, 32, 32, 3) uint8 HWC, y (N,) int64)."""
    try:
        d = _BatchUnpickler(io.BytesIO(raw), encoding="latin1").load()
        d = {k.decode("latin1") if isinstance(k, bytes) else k: v for k, v in d.items()}
        data = np.asarray(d["data"])
        labels = np.asarray(d["labels"], dtype=np.int64)
    except Exception as err:
        raise DataFormatError(f"{where} is not a CIFAR-10 batch ({type(err).__name__}: {err})"
                              ) from err
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3072 or len(labels) != len(data):
        raise DataFormatError(f"{where}: expected data (N, 3072) uint8 with N labels, got "
                              f"{data.shape} {data.dtype} and {len(labels)} labels")
    # Rows are the 1024 red values, then green, then blue, each plane row-major: to HWC.
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), labels


def _read_tar_batches(path: Path, wanted: Sequence[str]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    try:
        with tarfile.open(path, "r|gz") as tar:
            for member in tar:
                p = PurePosixPath(member.name)
                if member.isfile() and p.parent.name == CIFAR_DIR and p.name in wanted:
                    f = tar.extractfile(member)
                    assert f is not None
                    found[p.name] = _decode_batch(f.read(), f"{path}:{member.name}")
                    if len(found) == len(wanted):
                        break
    except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
        raise DataFormatError(f"{path} cannot be read as a tar.gz archive ({err})") from err
    missing = [w for w in wanted if w not in found]
    if missing:
        raise DataFormatError(f"{path} has no {', '.join(f'{CIFAR_DIR}/{m}' for m in missing)}")
    return found


def _cifar_raw(subset: str, test: bool, data_dir: PathLike | None):
    """(X_train, y_train, X_test | None, y_test | None) as uint8 HWC images and int64 labels,
    from the extracted folder, the archive, or (small subset only) the npz, in that order."""
    folder = cache_dir(data_dir) / "cifar10"
    small = subset == "small"
    train_names = ["data_batch_1"] if small else [f"data_batch_{i}" for i in range(1, 6)]
    wanted = train_names + (["test_batch"] if test else [])
    if all((folder / CIFAR_DIR / w).is_file() for w in wanted):
        batches = {}
        for w in wanted:
            spec = REGISTRY["cifar10"][f"{CIFAR_DIR}/{w}"]
            path = verify_file(folder / CIFAR_DIR / w, spec.known_hash, spec.size)
            batches[w] = _decode_batch(path.read_bytes(), str(path))
    elif small and (folder / CIFAR_NPZ).exists() and not (folder / CIFAR_TAR).exists():
        return _read_npz(fetch("cifar10", [CIFAR_NPZ], data_dir)[CIFAR_NPZ], test)
    else:
        try:
            tar = fetch("cifar10", [CIFAR_TAR], data_dir)[CIFAR_TAR]
        except DataNotFoundError as err:
            if not small:
                if (folder / CIFAR_NPZ).exists():
                    raise DataNotFoundError(f"{err}\nOnly the small subset is in the cache: "
                                            "load_cifar10(subset='small') works.") from None
                raise
            raise DataNotFoundError(
                f"{err}\nFor subset='small', {CIFAR_NPZ} (the course's genuine CIFAR-10 subset) "
                f"in {folder} is enough."
            ) from None
        batches = _read_tar_batches(tar, wanted)
    X = np.concatenate([batches[w][0] for w in train_names])
    y = np.concatenate([batches[w][1] for w in train_names])
    X_test, y_test = batches["test_batch"] if test else (None, None)
    if small:
        if len(X) < CIFAR_SMALL_TRAIN or (test and len(X_test) < CIFAR_SMALL_TEST):
            raise DataFormatError("the CIFAR-10 batches are too short for subset='small'")
        X, y = X[:CIFAR_SMALL_TRAIN], y[:CIFAR_SMALL_TRAIN]
        if test:
            X_test, y_test = X_test[:CIFAR_SMALL_TEST], y_test[:CIFAR_SMALL_TEST]
    return X, y, X_test, y_test


def _read_npz(path: Path, test: bool):
    try:
        with np.load(path, allow_pickle=False) as z:
            X, y = z["x_train"], z["y_train"].astype(np.int64)
            X_test, y_test = (z["x_test"], z["y_test"].astype(np.int64)) if test else (None, None)
    except Exception as err:
        raise DataFormatError(f"{path} is not the CIFAR-10 subset npz ({err})") from err
    for name, arr in (("x_train", X), ("x_test", X_test)):
        if arr is not None and (arr.dtype != np.uint8 or arr.shape[1:] != (32, 32, 3)):
            raise DataFormatError(f"{path}: {name} should be (N, 32, 32, 3) uint8, "
                                  f"not {arr.shape} {arr.dtype}")
    return X, y, X_test, y_test


def load_cifar10(*, subset: Literal["full", "small"] = "full", flatten: bool = True,
                 normalize: Normalize = "scale", dtype: DTypeLike = np.float32,
                 n_train: int | None = None, n_val: int = 1000, val_split: ValSplit = "tail",
                 val_seed: int = 0, test: bool = False, n_test: int | None = None,
                 data_dir: PathLike | None = None) -> dict[str, np.ndarray]:
    """CIFAR-10 (Krizhevsky 2009): 32x32 RGB images of 10 classes (`CIFAR10_CLASSES`).

    Layout, identical whatever file the images come from: (N, 32, 32, 3) height-width-channel
    RGB when not flattened; flattened, (N, 3072) in that same HWC order (pixel by pixel, R G B;
    the original archive stores the red plane, then green, then blue: it is converted).

    subset="full": the 50,000 training images (the defaults keep images 0-48,999 for training and
        49,000-49,999 for validation, as CS231n does) and, if `test`, the 10,000 test images.
    subset="small": the genuine subset of training images 0-3,999 (defaults: 0-2,999 train,
        3,000-3,999 validation) and test images 0-999. Cut from the archive when it is in the
        cache, otherwise read from ``cifar10_subset.npz``: the same images either way.

    normalize="center" gives raw 0-255 values minus the mean training image (no division by 255);
    problem set 4 uses ``load_cifar10(normalize="center", test=True, n_test=1000)``: 49,000 / 1,000
    / 1,000 images of 3072 values. Labels are int64 (N,). `val_split="random"` draws the
    validation images with `val_seed` instead; `n_train` and `n_test` keep the first images.
    """
    if subset not in ("full", "small"):
        raise ValueError(f"subset must be 'full' or 'small', not {subset!r}")
    dt = _check_options(normalize, dtype, val_split)
    X, y, X_test, y_test = _cifar_raw(subset, test, data_dir)
    return _prepare(X, y, X_test, y_test, flatten=flatten, normalize=normalize, dtype=dt,
                    n_train=n_train, n_val=n_val, val_split=val_split, val_seed=val_seed,
                    n_test=n_test, max_value=255.0)


# ----------------------------------------------------------------------------- embedded / tiny


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


# ----------------------------------------------------------------------------- command line


def _status(data_dir: PathLike | None) -> int:
    root = cache_dir(data_dir)
    print(f"dataset cache: {root}")
    for dataset, files in REGISTRY.items():
        for name, spec in files.items():
            path = root / dataset / name
            if not path.exists():
                state = "missing"
            else:
                try:
                    verify_file(path, spec.known_hash, spec.size)
                    state = "ok"
                except ChecksumError:
                    state = "CORRUPTED"
            if state != "missing" or not name.startswith(CIFAR_DIR):
                print(f"  {state:9} {dataset}/{name}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m utils.data {seed DIR | download NAME | status} [--data-dir CACHE]``."""
    parser = argparse.ArgumentParser(prog="python -m utils.data", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_seed = sub.add_parser("seed", help="link the data files found in DIR into the cache")
    p_seed.add_argument("dir", help="a folder with mnist/, fashion-mnist/, cifar10/ subfolders")
    p_dl = sub.add_parser("download", help="download a dataset into the cache (needs network)")
    p_dl.add_argument("name", choices=["mnist", "fashion-mnist", "cifar10"])
    p_status = sub.add_parser("status", help="list the cache and verify every file in it")
    for p in (p_seed, p_dl, p_status):
        p.add_argument("--data-dir", default=None,
                       help="the cache directory (default: $COURSE_DATA_DIR or <repo>/data)")
    args = parser.parse_args(argv)
    if args.command == "seed":
        return seed_cache(args.dir, args.data_dir)
    if args.command == "download":
        names = [n for n, s in REGISTRY[args.name].items() if s.urls]
        try:
            paths = fetch(args.name, names, args.data_dir)
        except (DataNotFoundError, ChecksumError) as err:
            print(err, file=sys.stderr)
            return 1
        for path in paths.values():
            print(f"ok {path}")
        return 0
    return _status(args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
