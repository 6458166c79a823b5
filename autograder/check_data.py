"""The course's datasets, as the checks read them: from the grading machine's cache, never downloaded.

MNIST through `utils.data.load_mnist` and the CIFAR-10 subset through `utils.data.load_cifar10`
(the course's one reader of each, checksums verified), both with ``download=False``. A missing or
damaged file is the grader's fault, never the student's: a `GraderFault` naming the file and the way
to put it in place (the submission is reported as a grading error and nobody is scored).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checklib import GraderFault

__all__ = ["load_mnist", "mnist_head", "cifar_small"]

# The centred CIFAR-10 subset, read once per process.
_CIFAR: dict[str, np.ndarray] = {}


def load_mnist(**options: Any) -> dict[str, np.ndarray]:
    """`utils.data.load_mnist(**options, download=False)`; a missing or damaged file is a GraderFault
    naming it."""
    from utils import cache
    from utils.data import IDX_TEST, IDX_TRAIN, DataFormatError, DataNotFoundError, load_mnist

    folder = cache.cache_dir() / "mnist"
    wanted = IDX_TRAIN + (IDX_TEST if options.get("test") else ())
    missing = [name for name in IDX_TRAIN + IDX_TEST if name in wanted and not (folder / name).exists()]
    if missing:  # the grader never downloads while grading
        raise GraderFault(f"MNIST is missing on the grading machine ({', '.join(missing)} not in "
                          f"{folder}): run `python -m utils.data download mnist` or set COURSE_DATA_DIR")
    try:
        return load_mnist(**options, download=False)
    except (DataNotFoundError, DataFormatError, OSError) as exc:
        raise GraderFault(f"the grader could not read MNIST ({exc}): run `python -m utils.data download "
                          "mnist` or set COURSE_DATA_DIR") from None


def mnist_head(n: int, dtype: Any = np.float64) -> tuple[np.ndarray, np.ndarray]:
    """The first `n` MNIST training images, flattened (n, 784) and scaled to [0, 1] in `dtype`, and
    their labels (n,) int64."""
    data = load_mnist(normalize="scale", dtype=dtype, n_val=0, val_split="tail", n_train=n)
    return data["X_train"], data["y_train"]


def cifar_small() -> dict[str, np.ndarray]:
    """The course's CIFAR-10 subset (`load_cifar10(subset="small", test=True, n_test=1000)`, float64,
    flattened to 3072 values), centred by the mean training image as the notebook does; its absence
    is the grader's fault. Read once per process: the same dict every call."""
    if not _CIFAR:
        from utils.data import DataNotFoundError, load_cifar10

        try:
            data = load_cifar10(subset="small", normalize=None, test=True, n_test=1000, dtype=np.float64,
                                download=False)
        except (DataNotFoundError, OSError) as exc:
            raise GraderFault(f"the course's CIFAR-10 subset is missing on the grading machine ({exc})") \
                from exc
        mean = data["X_train"].mean(axis=0)
        _CIFAR.update({k: (v - mean if k.startswith("X_") else v) for k, v in data.items()})
    return _CIFAR
