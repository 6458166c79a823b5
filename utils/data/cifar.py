"""CIFAR-10 from ``cifar-10-python.tar.gz`` (or its extracted folder), and the genuine 4,000 + 1,000
image subset, also readable from ``cifar10_subset.npz``."""

from __future__ import annotations

import importlib.util
import io
import pickle
import tarfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Literal

import numpy as np
from numpy.typing import DTypeLike

from utils.cache import (
    REGISTRY,
    DataNotFoundError,
    cache_dir,
    fetch,
    verify_file,
)
from utils.data._common import DataFormatError, Normalize, PathLike, ValSplit, _check_options, _prepare

CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                   "truck")
CIFAR_TAR = "cifar-10-python.tar.gz"
CIFAR_DIR = "cifar-10-batches-py"
CIFAR_NPZ = "cifar10_subset.npz"
CIFAR_SMALL_TRAIN = 4000  # subset="small": training images 0-3,999 ...
CIFAR_SMALL_TEST = 1000  # ... and test images 0-999


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


def _cifar_raw(subset: str, test: bool, data_dir: PathLike | None, download: bool = True):
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
        return _read_npz(fetch("cifar10", [CIFAR_NPZ], data_dir, allow_download=download)[CIFAR_NPZ], test)
    else:
        try:
            tar = fetch("cifar10", [CIFAR_TAR], data_dir, allow_download=download)[CIFAR_TAR]
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
                 data_dir: PathLike | None = None, download: bool = True) -> dict[str, np.ndarray]:
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
    validation images with `val_seed` instead; `n_train` and `n_test` keep the first images;
    ``download=False`` raises `DataNotFoundError` for a missing file instead of downloading it.
    """
    if subset not in ("full", "small"):
        raise ValueError(f"subset must be 'full' or 'small', not {subset!r}")
    dt = _check_options(normalize, dtype, val_split)
    X, y, X_test, y_test = _cifar_raw(subset, test, data_dir, download)
    return _prepare(X, y, X_test, y_test, flatten=flatten, normalize=normalize, dtype=dt,
                    n_train=n_train, n_val=n_val, val_split=val_split, val_seed=val_seed,
                    n_test=n_test, max_value=255.0)
