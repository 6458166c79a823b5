"""Item 4: how long the datasets take to load, through `utils.data` as the notebooks call it.

MNIST (`load_mnist(test=True)`: 55,000 + 5,000 + 10,000 images as float32 in [0, 1]) is read from the
cache, which holds the compressed originals (IDX `.gz`):
- first load in a process: sha256 of every file (the cache verifies a file once per process), gunzip,
  decode, convert;
- repeated load: the same without the checksums;
- and, for the share of decompression, `read_idx` of the four files as `.gz` and as uncompressed IDX copies.

CIFAR-10 small subset (`load_cifar10(subset="small", test=True)`: 3,000 + 1,000 + 1,000 images) is read
- from the course's cache file `cifar10_subset.npz`, first and repeated load;
- from the compressed original `cifar-10-python.tar.gz` (170 MB), first load (its checksum included) and
  repeated load. When the archive is not in the cache (it is not in shared/data), a stand-in is built: the
  same format and layout (six pickled batches of 10,000 images in `cifar-10-batches-py/`, `data_batch_1`
  last so that the whole archive is decompressed, as the reader stops once it has what it needs), with the
  subset's images repeated. It is registered for that run only, so the loader's own code path runs.
  Compressing 185 MB at gzip level 6 takes 20–60 s on one core; the stand-in is one ordinary gzip member
  compressed in independent pieces on all cores, as pigz does (`gzip_parallel`): the same format, size
  and decompression work for the reader.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import os
import pickle
import shutil
import struct
import tarfile
import tempfile
import zlib
from pathlib import Path

import numpy as np

from benchmarks.stats import Comparison, interleave


def _forget_checksums() -> None:
    from utils import cache

    cache._VERIFIED.clear()


def mnist(rounds: int, log=print) -> dict:
    from utils.cache import fetch
    from utils.data import IDX_TEST, IDX_TRAIN, load_mnist, read_idx

    names = IDX_TRAIN + IDX_TEST
    paths = fetch("mnist", names)
    tmp = Path(tempfile.mkdtemp(prefix="bench-mnist-"))
    try:
        raw = {}
        for name, path in paths.items():
            raw[name] = tmp / name.removesuffix(".gz")
            with gzip.open(path, "rb") as src, open(raw[name], "wb") as dst:
                shutil.copyfileobj(src, dst)

        def first() -> dict:
            _forget_checksums()
            return _timed_load(lambda: load_mnist(test=True))

        def repeat() -> dict:
            fetch("mnist", names)  # checksums remembered (hashes only if a first load has not run yet)
            return _timed_load(lambda: load_mnist(test=True))

        def decode_gz() -> dict:
            return _timed_load(lambda: {n: read_idx(p) for n, p in paths.items()})

        def decode_raw() -> dict:
            return _timed_load(lambda: {n: read_idx(p) for n, p in raw.items()})

        comp = interleave(
            [("first", first), ("repeat", repeat), ("idx_gz", decode_gz), ("idx_raw", decode_raw)], rounds
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sizes = {"compressed_mb": sum(p.stat().st_size for p in paths.values()) / 1e6}
    log(f"  data mnist: first {comp.metric('first').fmt('s')}, repeat {comp.metric('repeat').fmt('s')}")
    return {"comparison": comp, **sizes}


def _timed_load(fn) -> dict:
    import time

    started = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - started
    count = sum(
        len(v)
        for k, v in out.items()
        if k.startswith("X_") or k.endswith("images-idx3-ubyte.gz") or k.endswith("images-idx3-ubyte")
    )
    return {"seconds": seconds, "images": count}


# --- CIFAR-10 ----------------------------------------------------------------------------------------


def gzip_parallel(data: bytes, level: int = 6, chunk: int = 1 << 23, workers: int | None = None) -> bytes:
    """`data` as one gzip member at deflate `level`, compressed in `chunk`-sized pieces on `workers` threads
    (zlib releases the GIL), as pigz does: each piece primed with the 32 KiB before it and ended with a
    sync flush, the last one finished; one header, one CRC-32 and length."""
    from concurrent.futures import ThreadPoolExecutor

    view = memoryview(data)
    window = 1 << 15

    def piece(start: int) -> bytes:
        end = min(start + chunk, len(data))
        args = (level, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY)
        if start:
            comp = zlib.compressobj(*args, bytes(view[start - window : start]))
        else:
            comp = zlib.compressobj(*args)
        last = end >= len(data)
        return comp.compress(view[start:end]) + comp.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

    starts = list(range(0, len(data), chunk)) or [0]
    with ThreadPoolExecutor(workers or os.cpu_count() or 1) as pool:
        body = b"".join(pool.map(piece, starts))
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0, unknown OS
    return header + body + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)

ARCHIVE = "cifar-10-python.tar.gz"
MEMBERS = ("data_batch_4", "test_batch", "data_batch_3", "data_batch_2", "data_batch_5", "data_batch_1")


def build_standin(
    folder: Path, per_batch: int = 10_000, filler: int | None = None, test: int | None = None
) -> Path:
    """A CIFAR-10 "python version" archive in the original format, made of the subset's images repeated.

    `data_batch_1` and `test_batch` hold `per_batch` images (at least 4,000 and 1,000: the subset cuts
    them); the other batches hold `filler` images (default `per_batch`)."""
    from utils.data import load_cifar10

    small = load_cifar10(subset="small", test=True, flatten=False, normalize=None, dtype=np.uint8, n_val=0)
    X = np.concatenate([small["X_train"], small["X_test"]])  # (5000, 32, 32, 3) HWC: 4,000 train, 1,000 test
    y = np.concatenate([small["y_train"], small["y_test"]])
    chw = X.transpose(0, 3, 1, 2).reshape(len(X), 3072)  # back to the archive's plane layout
    filler = per_batch if filler is None else filler
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ARCHIVE
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for k, member in enumerate(MEMBERS):
            n = {"data_batch_1": per_batch, "test_batch": test or per_batch}.get(member, filler)
            start = {"data_batch_1": 0, "test_batch": 4000}.get(
                member, 997 * k
            )  # the subset's own images first
            idx = (np.arange(n) + start) % len(X)
            batch = {
                "batch_label": member,
                "labels": y[idx].tolist(),
                "data": np.ascontiguousarray(chw[idx]),
                "filenames": [f"standin_{i}.png" for i in idx],
            }
            blob = pickle.dumps(batch, protocol=2)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{member}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    path.write_bytes(gzip_parallel(raw.getbuffer().tobytes(), level=6))
    return path


def cifar_small(
    rounds: int, log=print, per_batch: int = 10_000, filler: int | None = None, test: int | None = None
) -> dict:
    from utils import cache
    from utils.cache import fetch
    from utils.data import CIFAR_NPZ, load_cifar10

    npz = fetch("cifar10", [CIFAR_NPZ])[CIFAR_NPZ]
    tmp = Path(tempfile.mkdtemp(prefix="bench-cifar-"))
    saved = cache.REGISTRY["cifar10"][ARCHIVE]
    try:
        npz_cache = tmp / "npz-cache"
        (npz_cache / "cifar10").mkdir(parents=True)
        os.symlink(npz.resolve(), npz_cache / "cifar10" / CIFAR_NPZ)
        tar_cache = tmp / "tar-cache"
        real = cache.cache_dir() / "cifar10" / ARCHIVE
        if real.exists():
            (tar_cache / "cifar10").mkdir(parents=True)
            os.symlink(real.resolve(), tar_cache / "cifar10" / ARCHIVE)
            standin = False
        else:
            archive = build_standin(tar_cache / "cifar10", per_batch, filler, test)
            cache.REGISTRY["cifar10"][ARCHIVE] = dataclasses.replace(
                saved, known_hash=f"sha256:{cache.file_hash(archive)}", size=archive.stat().st_size, urls=()
            )
            standin = True
        archive_mb = (tar_cache / "cifar10" / ARCHIVE).stat().st_size / 1e6

        def load(where: Path, forget: bool):
            def run() -> dict:
                if forget:
                    _forget_checksums()
                else:  # checksums remembered (hashed only if a first load has not run yet)
                    fetch("cifar10", [CIFAR_NPZ if where == npz_cache else ARCHIVE], data_dir=where)
                return _timed_load(lambda: load_cifar10(subset="small", test=True, data_dir=where))

            return run

        comp = interleave(
            [
                ("npz_first", load(npz_cache, True)),
                ("npz_repeat", load(npz_cache, False)),
                ("archive_first", load(tar_cache, True)),
                ("archive_repeat", load(tar_cache, False)),
            ],
            rounds,
        )
    finally:
        cache.REGISTRY["cifar10"][ARCHIVE] = saved
        _forget_checksums()
        shutil.rmtree(tmp, ignore_errors=True)
    log(
        f"  data cifar small: npz {comp.metric('npz_first').fmt('s')}, "
        f"archive {comp.metric('archive_first').fmt('s')}"
    )
    return {
        "comparison": comp,
        "standin": standin,
        "archive_mb": archive_mb,
        "npz_mb": npz.stat().st_size / 1e6,
    }


def run(rounds: int, quick: bool = False, log=print) -> dict:
    out: dict = {"mnist": mnist(rounds, log)}
    out["cifar_small"] = cifar_small(
        rounds,
        log,
        per_batch=4000 if quick else 10_000,
        filler=10 if quick else None,
        test=1000 if quick else None,
    )
    out["cifar_small"]["quick_standin"] = quick
    comp: Comparison = out["mnist"]["comparison"]
    out["mnist"]["images"] = comp.samples["first"][0]["images"]
    return out
