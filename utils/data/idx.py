"""MNIST and Fashion-MNIST from their original IDX ``.gz`` files (60,000 training + 10,000 test)."""

from __future__ import annotations

import gzip
import math
import struct
import zlib
from pathlib import Path

import numpy as np
from numpy.typing import DTypeLike

from utils.cache import (
    fetch,
)
from utils.data._common import DataFormatError, Normalize, PathLike, ValSplit, _check_options, _prepare

MNIST_CLASSES = tuple(str(d) for d in range(10))
FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                         "Sneaker", "Bag", "Ankle boot")
IDX_TRAIN = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
IDX_TEST = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


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
                      n_test: int | None, data_dir: PathLike | None, download: bool
                      ) -> dict[str, np.ndarray]:
    dt = _check_options(normalize, dtype, val_split)
    paths = fetch(dataset, IDX_TRAIN + (IDX_TEST if test else ()), data_dir, allow_download=download)
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
               n_test: int | None = None, data_dir: PathLike | None = None, download: bool = True
               ) -> dict[str, np.ndarray]:
    """MNIST handwritten digits from the original IDX files (60,000 training, 10,000 test).

    Returns ``{"X_train", "y_train", "X_val", "y_val"}`` (+ ``"X_test", "y_test"`` if `test`):
    X of shape (N, 784) if `flatten` else (N, 28, 28), in `dtype`; y of shape (N,) int64, 0-9.
    The defaults give 55,000 training and 5,000 validation images (a seeded random split) in
    [0, 1]. See the module docstring for `normalize`, `val_split`, `n_train`; `n_test` keeps the
    first test images; `data_dir` overrides the cache directory; ``download=False`` raises
    `DataNotFoundError` for a missing file instead of downloading it.
    """
    return _load_idx_dataset("mnist", flatten=flatten, normalize=normalize, dtype=dtype,
                             n_train=n_train, n_val=n_val, val_split=val_split, val_seed=val_seed,
                             test=test, n_test=n_test, data_dir=data_dir, download=download)


def load_fashion_mnist(*, flatten: bool = True, normalize: Normalize = "scale",
                       dtype: DTypeLike = np.float32, n_train: int | None = None,
                       n_val: int = 5000, val_split: ValSplit = "random", val_seed: int = 0,
                       test: bool = False, n_test: int | None = None,
                       data_dir: PathLike | None = None, download: bool = True
                       ) -> dict[str, np.ndarray]:
    """Zalando's Fashion-MNIST from the original IDX files; same interface and shapes as
    `load_mnist`. Class names: `FASHION_MNIST_CLASSES`."""
    return _load_idx_dataset("fashion-mnist", flatten=flatten, normalize=normalize, dtype=dtype,
                             n_train=n_train, n_val=n_val, val_split=val_split, val_seed=val_seed,
                             test=test, n_test=n_test, data_dir=data_dir, download=download)
