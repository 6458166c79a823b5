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

Modules: `idx` (MNIST-like), `cifar`, `small` (no download), `_common` (the carve and the final
arrays), `cli`. Command line: ``python -m utils.data seed DIR`` links a local copy (laid out as mnist/,
fashion-mnist/, cifar10/) into the cache; ``download NAME`` fetches a dataset; ``status`` lists
the cache.
"""

from utils.cache import ChecksumError, DataNotFoundError, cache_dir
from utils.data._common import DataFormatError, Normalize, PathLike, ValSplit
from utils.data.cifar import (
    CIFAR10_CLASSES,
    CIFAR_DIR,
    CIFAR_NPZ,
    CIFAR_SMALL_TEST,
    CIFAR_SMALL_TRAIN,
    CIFAR_TAR,
    load_cifar10,
)
from utils.data.cli import main
from utils.data.idx import (
    FASHION_MNIST_CLASSES,
    IDX_TEST,
    IDX_TRAIN,
    MNIST_CLASSES,
    load_fashion_mnist,
    load_mnist,
    read_idx,
)
from utils.data.small import (
    alternating_points,
    load_digits,
    load_two_class,
    make_moons_pm1,
    train_val_test_split,
    xor,
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
    # file names, option types and the command line, for the grader's checks and tools
    "IDX_TRAIN",
    "IDX_TEST",
    "CIFAR_TAR",
    "CIFAR_DIR",
    "CIFAR_NPZ",
    "CIFAR_SMALL_TRAIN",
    "CIFAR_SMALL_TEST",
    "Normalize",
    "ValSplit",
    "PathLike",
    "main",
]
