"""Tests for utils.data and utils.cache: loaders on small files written in the genuine formats,
checksums, the offline path, seeding, the tiny datasets, and (when present) the real data."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import os
import pickle
import re
import shutil
import struct
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pytest

import utils.cache as cache
import utils.data as data
from utils.cache import ChecksumError, DataNotFoundError, DownloadError

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
REAL_DOWNLOAD = cache.download  # the autouse fixture below replaces it in every test
needs_shared = pytest.mark.skipif(not (SHARED / "mnist").is_dir(),
                                  reason=f"the real datasets are not at {SHARED}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No test may touch the network: every download fails as it would offline."""
    calls = []

    def offline(spec, dest):
        calls.append(spec.name)
        raise DownloadError(f"network disabled in tests ({spec.name})")

    monkeypatch.setattr(cache, "download", offline)
    return calls


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    root.mkdir()
    monkeypatch.setenv("COURSE_DATA_DIR", str(root))
    return root


def register(monkeypatch, dataset: str, name: str, path: Path) -> None:
    """Make `path`'s current content the known good version of REGISTRY[dataset][name]."""
    spec = cache.REGISTRY[dataset][name]
    good = dataclasses.replace(spec, known_hash="sha256:" + cache.file_hash(path),
                               size=path.stat().st_size)
    monkeypatch.setitem(cache.REGISTRY[dataset], name, good)


# ----------------------------------------------------------------------------- synthetic files


def write_idx_gz(path: Path, arr: np.ndarray) -> Path:
    arr = np.asarray(arr, dtype=np.uint8)
    header = bytes([0, 0, 0x08, arr.ndim]) + struct.pack(f">{arr.ndim}I", *arr.shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(header + arr.tobytes())
    return path


@pytest.fixture(scope="module")
def fake_idx():
    rng = np.random.default_rng(1)
    return {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (100, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte.gz": (np.arange(100) % 10).astype(np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": (np.arange(20) * 3 % 10).astype(np.uint8),
    }


@pytest.fixture
def mnist_cache(cache_root, monkeypatch, fake_idx):
    """A cache holding a tiny MNIST in the genuine IDX .gz format, registered as the good files."""
    for dataset in ("mnist", "fashion-mnist"):
        for name, arr in fake_idx.items():
            register(monkeypatch, dataset, name, write_idx_gz(cache_root / dataset / name, arr))
    return cache_root


def cifar_batch(X_rows: np.ndarray, labels: np.ndarray, name: str) -> bytes:
    """A CIFAR-10 "python version" batch as the original is laid out (numpy.core globals)."""
    d = {"batch_label": name, "labels": [int(v) for v in labels], "data": X_rows,
         "filenames": [f"img_{k}.png" for k in range(len(labels))]}
    return pickle.dumps(d, protocol=2).replace(b"numpy._core.multiarray", b"numpy.core.multiarray")


def add_bytes(tar: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))


SMALL_TRAIN, SMALL_TEST = 40, 10  # the small subset of the fake CIFAR (4,000 / 1,000 for real)


@pytest.fixture
def small_cifar_sizes(monkeypatch):
    monkeypatch.setattr(data.cifar, "CIFAR_SMALL_TRAIN", SMALL_TRAIN)
    monkeypatch.setattr(data.cifar, "CIFAR_SMALL_TEST", SMALL_TEST)


@pytest.fixture(scope="module")
def fake_cifar(tmp_path_factory):
    """A tiny archive in the genuine format (tests shrink the small subset to the first 40
    training and 10 test images), the matching npz subset, and the same batches extracted."""
    root = tmp_path_factory.mktemp("cifar")
    rng = np.random.default_rng(2)
    sizes = {"data_batch_1": 50, "data_batch_2": 5, "data_batch_3": 5, "data_batch_4": 5,
             "data_batch_5": 5, "test_batch": 12}
    rows = {k: rng.integers(0, 256, (n, 3072), dtype=np.uint8) for k, n in sizes.items()}
    labels = {k: rng.integers(0, 10, n) for k, n in sizes.items()}
    order = ["data_batch_4", "test_batch", "data_batch_3", "data_batch_2", "data_batch_5",
             "data_batch_1"]  # the original archive is not in numeric order either
    extracted = root / "cifar-10-batches-py"
    extracted.mkdir()
    with tarfile.open(root / "cifar-10-python.tar.gz", "w:gz", compresslevel=1) as tar:
        add_bytes(tar, "cifar-10-batches-py/readme.html", b"<html></html>")
        add_bytes(tar, "cifar-10-batches-py/batches.meta",
                  pickle.dumps({"label_names": list(data.CIFAR10_CLASSES)}, protocol=2))
        for k in order:
            payload = cifar_batch(rows[k], labels[k], k)
            add_bytes(tar, f"cifar-10-batches-py/{k}", payload)
            (extracted / k).write_bytes(payload)

    def hwc(r):
        return r.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)

    np.savez(root / "cifar10_subset.npz", x_train=hwc(rows["data_batch_1"][:SMALL_TRAIN]),
             y_train=labels["data_batch_1"][:SMALL_TRAIN].astype(np.uint8),
             x_test=hwc(rows["test_batch"][:SMALL_TEST]),
             y_test=labels["test_batch"][:SMALL_TEST].astype(np.uint8),
             label_names=np.array(data.CIFAR10_CLASSES))
    return {"root": root, "rows": rows, "labels": labels}


def install_cifar(monkeypatch, cache_root: Path, fake_cifar, *what: str) -> Path:
    folder = cache_root / "cifar10"
    folder.mkdir(exist_ok=True)
    for item in what:
        src = fake_cifar["root"] / item
        if src.is_dir():
            shutil.copytree(src, folder / item)
            for f in (folder / item).iterdir():
                if f"{item}/{f.name}" in cache.REGISTRY["cifar10"]:
                    register(monkeypatch, "cifar10", f"{item}/{f.name}", f)
        else:
            shutil.copy(src, folder / item)
            register(monkeypatch, "cifar10", item, folder / item)
    return folder


# ----------------------------------------------------------------------------- cache directory


def test_cache_dir_is_resolved_at_call_time_and_not_from_cwd(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() == REPO / "data"
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "elsewhere"))
    assert cache.cache_dir() == tmp_path / "elsewhere"
    assert cache.cache_dir(tmp_path / "x") == tmp_path / "x"


def test_registry_matches_the_shared_checksums_and_mirrors():
    for dataset in ("mnist", "fashion-mnist"):
        for spec in cache.REGISTRY[dataset].values():
            assert len(spec.urls) >= 2 and spec.known_hash.startswith("sha256:")
            assert not any("yann.lecun.com" in u for u in spec.urls)
            assert all(u.endswith("/" + spec.name) for u in spec.urls)
    tar = cache.REGISTRY["cifar10"]["cifar-10-python.tar.gz"]
    assert tar.urls == ("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",)
    sums = SHARED / "SHA256SUMS"
    if sums.is_file():
        for line in sums.read_text().splitlines():
            digest, rel = line.split()
            dataset, name = Path(rel).parts[-2:]
            assert cache.REGISTRY[dataset][name].known_hash == f"sha256:{digest}"


# ----------------------------------------------------------------------------- checksums


def test_verify_file_accepts_the_right_hash_and_rejects_others(tmp_path):
    p = tmp_path / "f.bin"
    p.write_bytes(b"hello")
    sha = hashlib.sha256(b"hello").hexdigest()
    assert cache.verify_file(p, f"sha256:{sha}") == p
    assert cache.verify_file(p, sha, size=5) == p  # bare hex means sha256
    cache.verify_file(p, "md5:" + hashlib.md5(b"hello").hexdigest())
    with pytest.raises(ChecksumError, match="f.bin"):
        cache.verify_file(p, "sha256:" + "0" * 64)
    with pytest.raises(ChecksumError, match="5 bytes, expected 6"):
        cache.verify_file(p, f"sha256:{sha}", size=6)


def test_verification_is_cached_by_size_and_mtime(tmp_path, monkeypatch):
    p = tmp_path / "f.bin"
    p.write_bytes(b"abc" * 1000)
    good = "sha256:" + hashlib.sha256(p.read_bytes()).hexdigest()
    calls = []
    real = cache.file_hash
    monkeypatch.setattr(cache, "file_hash", lambda *a: calls.append(a) or real(*a))
    cache.verify_file(p, good)
    cache.verify_file(p, good)
    assert len(calls) == 1
    p.write_bytes(b"abd" * 1000)  # same size, new content and mtime
    os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**9))
    with pytest.raises(ChecksumError):
        cache.verify_file(p, good)
    assert len(calls) == 2


def test_corrupted_file_is_a_clear_error_and_never_parsed(mnist_cache, monkeypatch):
    path = mnist_cache / "mnist" / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-100])  # truncated
    monkeypatch.setattr(data.idx, "read_idx", lambda p: pytest.fail(f"{p} was used"))
    with pytest.raises(ChecksumError) as err:
        data.load_mnist(n_val=10)
    msg = str(err.value)
    assert "train-images-idx3-ubyte.gz" in msg and "corrupted or truncated" in msg
    assert "could not be downloaded" in msg


def test_corrupted_file_is_replaced_by_a_download(mnist_cache, monkeypatch, fake_idx, tmp_path):
    name = "train-labels-idx1-ubyte.gz"
    good = write_idx_gz(tmp_path / name, fake_idx[name])
    (mnist_cache / "mnist" / name).write_bytes(b"garbage")
    monkeypatch.setattr(cache, "download", lambda spec, dest: shutil.copy(good, dest))
    d = data.load_mnist(n_val=10)
    assert len(d["y_train"]) == 90


def test_read_idx_rejects_bad_magic_and_truncation(tmp_path, fake_idx):
    images = fake_idx["train-images-idx3-ubyte.gz"]
    p = write_idx_gz(tmp_path / "ok.gz", images)
    np.testing.assert_array_equal(data.read_idx(p), images)
    raw = gzip.decompress(p.read_bytes())
    (tmp_path / "magic.gz").write_bytes(gzip.compress(b"\x00\x00\x0d\x03" + raw[4:]))
    with pytest.raises(data.DataFormatError, match="magic"):
        data.read_idx(tmp_path / "magic.gz")
    (tmp_path / "short.gz").write_bytes(gzip.compress(raw[:-5]))
    with pytest.raises(data.DataFormatError, match="truncated"):
        data.read_idx(tmp_path / "short.gz")
    (tmp_path / "cut.gz").write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])
    with pytest.raises(data.DataFormatError, match="corrupted or truncated"):
        data.read_idx(tmp_path / "cut.gz")


def test_labels_file_in_place_of_images_is_rejected(mnist_cache, monkeypatch, fake_idx):
    path = mnist_cache / "mnist" / "train-images-idx3-ubyte.gz"
    write_idx_gz(path, fake_idx["train-labels-idx1-ubyte.gz"])
    register(monkeypatch, "mnist", path.name, path)
    with pytest.raises(data.DataFormatError, match="2051"):
        data.load_mnist(n_val=10)


# ----------------------------------------------------------------------------- offline / download


def test_offline_error_names_the_missing_files_and_the_folder(cache_root, no_network):
    with pytest.raises(DataNotFoundError) as err:
        data.load_mnist(test=True)
    msg = str(err.value)
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        assert name in msg
    assert str(cache_root / "mnist") in msg
    assert "python -m utils.data seed" in msg and "COURSE_DATA_DIR" in msg
    assert "network disabled" in msg
    assert no_network == ["train-images-idx3-ubyte.gz"]  # offline: no attempt per file


@pytest.mark.parametrize("load", [lambda: data.load_mnist(download=False),
                                  lambda: data.load_fashion_mnist(test=True, download=False),
                                  lambda: data.load_cifar10(subset="small", download=False)])
def test_download_false_never_tries_the_network(cache_root, no_network, load):
    with pytest.raises(DataNotFoundError, match="download=False"):
        load()
    assert no_network == []


def test_offline_error_for_the_cifar_subset_mentions_the_npz(cache_root):
    with pytest.raises(DataNotFoundError) as err:
        data.load_cifar10(subset="small")
    msg = str(err.value)
    assert "cifar-10-python.tar.gz" in msg and "cifar10_subset.npz" in msg
    assert str(cache_root / "cifar10") in msg


def test_full_cifar_without_the_archive_points_to_the_small_subset(cache_root, monkeypatch,
                                                                   fake_cifar):
    install_cifar(monkeypatch, cache_root, fake_cifar, "cifar10_subset.npz")
    with pytest.raises(DataNotFoundError, match="subset='small'"):
        data.load_cifar10()


def test_download_tries_every_mirror_in_turn(tmp_path, monkeypatch):
    import pooch

    spec = cache.KnownFile("mnist", "f.gz", "sha256:" + "0" * 64, None,
                           ("https://a.example/f.gz", "https://b.example/f.gz"))
    tried = []

    def fake_retrieve(url, known_hash, fname, path, downloader):
        tried.append((url, known_hash, fname, Path(path)))
        if "a.example" in url:
            raise ConnectionError("mirror a is down")
        (Path(path) / fname).write_bytes(b"x")

    def all_down(url, **kwargs):
        raise OSError(f"no route to {url}")

    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)  # pooch stays offline
    REAL_DOWNLOAD(spec, tmp_path / "f.gz")
    assert [t[0] for t in tried] == list(spec.urls)
    assert tried[1][1:] == (spec.known_hash, "f.gz", tmp_path)
    monkeypatch.setattr(pooch, "retrieve", all_down)
    with pytest.raises(DownloadError, match="a.example.*\n.*b.example"):
        REAL_DOWNLOAD(spec, tmp_path / "g.gz")
    with pytest.raises(DownloadError, match="no public download location"):
        REAL_DOWNLOAD(cache.REGISTRY["cifar10"]["cifar10_subset.npz"], tmp_path / "s.npz")


# ----------------------------------------------------------------------------- IDX loaders


@pytest.mark.parametrize("loader", [data.load_mnist, data.load_fashion_mnist])
def test_idx_loader_shapes_split_and_scaling(mnist_cache, fake_idx, loader):
    images = fake_idx["train-images-idx3-ubyte.gz"]
    labels = fake_idx["train-labels-idx1-ubyte.gz"]
    d = loader(n_val=20, val_seed=3)
    assert set(d) == {"X_train", "y_train", "X_val", "y_val"}
    assert d["X_train"].shape == (80, 784) and d["X_val"].shape == (20, 784)
    assert d["X_train"].dtype == np.float32 and d["y_train"].dtype == np.int64
    assert d["y_train"].shape == (80,)
    assert 0.0 <= d["X_train"].min() and d["X_train"].max() <= 1.0
    # The split is a partition of the training images, each part in the original order.
    rows = {images[k].tobytes(): k for k in range(100)}
    tr = [rows[(x * 255).round().astype(np.uint8).tobytes()] for x in d["X_train"].reshape(-1, 28, 28)]
    va = [rows[(x * 255).round().astype(np.uint8).tobytes()] for x in d["X_val"].reshape(-1, 28, 28)]
    assert sorted(tr + va) == list(range(100)) and tr == sorted(tr) and va == sorted(va)
    np.testing.assert_array_equal(d["y_val"], labels[va])
    again = loader(n_val=20, val_seed=3)
    np.testing.assert_array_equal(again["X_val"], d["X_val"])
    other = loader(n_val=20, val_seed=4)
    assert not np.array_equal(other["y_val"], d["y_val"]) or not np.array_equal(
        other["X_val"], d["X_val"])


def test_idx_loader_options(mnist_cache, fake_idx):
    images = fake_idx["train-images-idx3-ubyte.gz"]
    tail = data.load_mnist(n_val=10, val_split="tail", flatten=False, normalize=None,
                           dtype=np.float64)
    assert tail["X_train"].shape == (90, 28, 28) and tail["X_train"].dtype == np.float64
    np.testing.assert_array_equal(tail["X_val"], images[90:])
    np.testing.assert_array_equal(tail["X_train"], images[:90])
    small = data.load_mnist(n_val=10, val_split="tail", n_train=30)
    assert small["X_train"].shape == (30, 784)
    np.testing.assert_allclose(small["X_train"], images[:30].reshape(30, -1) / 255, atol=1e-7)
    centered = data.load_mnist(n_val=10, normalize="center", dtype=np.float64)
    assert abs(centered["X_train"].mean(axis=0)).max() < 1e-9
    assert centered["X_train"].max() > 1  # raw pixel scale, not divided by 255
    with_test = data.load_mnist(n_val=10, test=True, n_test=5)
    assert with_test["X_test"].shape == (5, 784)
    np.testing.assert_array_equal(with_test["y_test"], fake_idx["t10k-labels-idx1-ubyte.gz"][:5])
    everything = data.load_mnist(n_val=0)  # all training images, an empty validation set of the same width
    assert everything["X_train"].shape == (100, 784) and everything["X_val"].shape == (0, 784)
    assert everything["y_val"].shape == (0,)
    for bad in ({"normalize": "minmax"}, {"val_split": "head"}, {"n_val": 100},
                {"n_train": 95, "n_val": 10}, {"normalize": "scale", "dtype": np.uint8}):
        with pytest.raises(ValueError):
            data.load_mnist(**bad)


def test_test_files_are_only_needed_when_the_test_set_is_asked_for(mnist_cache):
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (mnist_cache / "mnist" / name).unlink()
    assert "X_test" not in data.load_mnist(n_val=10)
    with pytest.raises(DataNotFoundError, match="t10k-images"):
        data.load_mnist(n_val=10, test=True)


# ----------------------------------------------------------------------------- CIFAR-10


def test_cifar_layout_is_hwc_from_the_archive(cache_root, monkeypatch, fake_cifar):
    install_cifar(monkeypatch, cache_root, fake_cifar, "cifar-10-python.tar.gz")
    d = data.load_cifar10(normalize=None, test=True, n_val=10)
    assert d["X_train"].shape == (60, 3072) and d["X_val"].shape == (10, 3072)
    assert d["X_test"].shape == (12, 3072) and d["y_test"].dtype == np.int64
    rows, labels = fake_cifar["rows"], fake_cifar["labels"]
    r = rows["data_batch_1"][0]
    # pixel (0, 0) is R, G, B = row[0], row[1024], row[2048]; pixel (0, 1) follows
    np.testing.assert_array_equal(d["X_train"][0, :6], [r[0], r[1024], r[2048], r[1], r[1025],
                                                        r[2049]])
    img = d["X_train"][0].reshape(32, 32, 3)
    np.testing.assert_array_equal(img[..., 2], r[2048:].reshape(32, 32))
    # training images: batches 1..5 in order, the last n_val are the validation set
    pool = np.concatenate([labels[f"data_batch_{i}"] for i in range(1, 6)])
    np.testing.assert_array_equal(np.r_[d["y_train"], d["y_val"]], pool)
    np.testing.assert_array_equal(d["y_test"], labels["test_batch"])
    unflat = data.load_cifar10(flatten=False, n_val=10, n_train=7)
    assert unflat["X_train"].shape == (7, 32, 32, 3)


def _assert_same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_cifar_small_is_the_same_from_archive_folder_and_npz(tmp_path, monkeypatch, fake_cifar,
                                                             small_cifar_sizes):
    results = []
    for k, items in enumerate([("cifar-10-python.tar.gz", "cifar10_subset.npz"),
                               ("cifar-10-batches-py",), ("cifar10_subset.npz",)]):
        root = tmp_path / f"cache{k}"
        root.mkdir()
        monkeypatch.setenv("COURSE_DATA_DIR", str(root))
        install_cifar(monkeypatch, root, fake_cifar, *items)
        results.append(data.load_cifar10(subset="small", test=True, normalize="center",
                                          n_val=10))
    for other in results[1:]:
        _assert_same(results[0], other)
    d = results[0]
    assert d["X_train"].shape == (30, 3072) and d["X_val"].shape == (10, 3072)
    assert d["X_test"].shape == (10, 3072)
    labels = fake_cifar["labels"]  # training images 0-29, then 30-39 for validation
    np.testing.assert_array_equal(d["y_train"], labels["data_batch_1"][:30])
    np.testing.assert_array_equal(d["y_val"], labels["data_batch_1"][30:40])
    np.testing.assert_array_equal(d["y_test"], labels["test_batch"][:10])
    # center: raw values minus the mean training image, not divided by 255
    assert abs(d["X_train"].mean(axis=0)).max() < 1e-3 and d["X_train"].max() > 100
    raw = fake_cifar["rows"]["data_batch_1"][:30].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    mean = raw.reshape(30, -1).mean(axis=0)
    np.testing.assert_allclose(d["X_train"][5], raw[5].ravel() - mean, atol=1e-4)


def test_cifar_corrupted_archive_is_refused(cache_root, monkeypatch, fake_cifar,
                                            small_cifar_sizes):
    folder = install_cifar(monkeypatch, cache_root, fake_cifar, "cifar-10-python.tar.gz",
                           "cifar10_subset.npz")
    tar = folder / "cifar-10-python.tar.gz"
    tar.write_bytes(tar.read_bytes()[:1000])
    with pytest.raises(ChecksumError, match="cifar-10-python.tar.gz"):
        data.load_cifar10(subset="small", n_val=10)


def test_cifar_batch_with_foreign_pickle_globals_is_refused(cache_root, monkeypatch):
    class Evil:
        def __reduce__(self):
            return (os.getcwd, ())

    folder = cache_root / "cifar10" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    (folder / "data_batch_1").write_bytes(pickle.dumps({"data": Evil(), "labels": []}))
    register(monkeypatch, "cifar10", "cifar-10-batches-py/data_batch_1", folder / "data_batch_1")
    with pytest.raises(data.DataFormatError, match="may not contain"):
        data.load_cifar10(subset="small")


# ----------------------------------------------------------------------------- seeding / CLI


def test_seed_links_verified_files_and_refuses_corrupted_ones(tmp_path, monkeypatch, fake_idx):
    src = tmp_path / "shared"
    for name, arr in fake_idx.items():
        register(monkeypatch, "mnist", name, write_idx_gz(src / "mnist" / name, arr))
    bad = write_idx_gz(src / "fashion-mnist" / "train-labels-idx1-ubyte.gz", np.zeros(3))
    target = tmp_path / "cache"
    lines = []
    assert cache.seed_cache(src, target, log=lines.append) == 1
    for name in fake_idx:
        link = target / "mnist" / name
        assert link.is_symlink() and link.resolve() == (src / "mnist" / name).resolve()
    assert not (target / "fashion-mnist" / bad.name).exists()
    assert any("REFUSED" in line and bad.name in line for line in lines)
    assert "4 file(s) linked" in lines[-1]
    lines.clear()
    bad.unlink()
    assert cache.seed_cache(src, target, log=lines.append) == 0  # idempotent
    assert "0 file(s) linked, 4 already in place" in lines[-1]
    d = data.load_mnist(n_val=10, data_dir=target)
    assert d["X_train"].shape == (90, 784)


def test_seed_command_with_a_missing_folder_exits_0(tmp_path):
    env = {**os.environ, "COURSE_DATA_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "utils.data", "seed", str(tmp_path / "nope")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "does not exist" in proc.stdout and proc.stderr == ""


def test_status_command_lists_the_cache(mnist_cache, capsys):
    (mnist_cache / "mnist" / "t10k-labels-idx1-ubyte.gz").write_bytes(b"bad")
    assert data.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "ok        mnist/train-images-idx3-ubyte.gz" in out
    assert "CORRUPTED mnist/t10k-labels-idx1-ubyte.gz" in out
    assert "missing   cifar10/cifar-10-python.tar.gz" in out


# ----------------------------------------------------------------------------- tiny datasets


def test_make_moons_pm1():
    from sklearn.datasets import make_moons

    X, t = data.make_moons_pm1(50, noise=0.1, seed=3)
    X0, y0 = make_moons(n_samples=50, noise=0.1, random_state=3)
    assert X.shape == (50, 2) and t.shape == (50,) and X.dtype == np.float64
    np.testing.assert_allclose(X, 2 * X0 - 1)
    np.testing.assert_array_equal(t, np.where(y0 == 1, 1, -1))
    assert set(np.unique(t)) == {-1, 1} and np.issubdtype(t.dtype, np.integer)


def test_xor_and_alternating_points():
    X, y = data.xor()
    assert X.shape == (4, 2) and X.dtype == np.float64 and y.tolist() == [0, 1, 1, 0]
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    X, y = data.alternating_points(3)
    assert X.shape == (8, 1) and y.shape == (8,) and np.issubdtype(y.dtype, np.integer)
    np.testing.assert_array_equal(X.ravel(), np.arange(8) / 8)
    assert y.tolist() == [0, 1] * 4
    with pytest.raises(ValueError):
        data.alternating_points(-1)


def test_two_class_table_is_shipped_reproducible_and_learnable(tmp_path):
    from sklearn.linear_model import LogisticRegression

    X, y = data.load_two_class()
    assert X.shape == (300, 2) and X.dtype == np.float64 and y.shape == (300,)
    assert np.bincount(y).tolist() == [150, 150]
    acc = LogisticRegression().fit(X, y).score(X, y)
    assert 0.8 < acc < 0.97  # overlapping but learnable
    out = tmp_path / "again.csv"
    proc = subprocess.run([sys.executable, str(REPO / "data" / "make_two_class.py"), str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    X2, y2 = data.load_two_class(out)
    np.testing.assert_allclose(X2, X, atol=2e-6)
    np.testing.assert_array_equal(y2, y)
    digest = hashlib.sha256((REPO / "data" / "two_class.csv").read_bytes()).hexdigest()
    assert digest in (REPO / "data" / "README.md").read_text()


def test_load_digits():
    d = data.load_digits()
    assert d["X_train"].shape == (1197, 64) and d["X_val"].shape == (300, 64)
    assert "X_test" not in d and d["X_train"].max() <= 1.0
    t = data.load_digits(test=True, flatten=False)
    assert t["X_test"].shape == (300, 8, 8)
    np.testing.assert_array_equal(t["X_train"].reshape(1197, 64), d["X_train"])  # same split
    assert set(np.unique(t["y_test"])) == set(range(10))


def test_train_val_test_split():
    X = np.arange(200).reshape(100, 2)
    y = np.arange(100)
    d = data.train_val_test_split(X, y, val=0.2, test=10, seed=1)
    assert [len(d[k]) for k in ("y_train", "y_val", "y_test")] == [70, 20, 10]
    together = np.concatenate([d["y_train"], d["y_val"], d["y_test"]])
    assert sorted(together.tolist()) == list(range(100))
    np.testing.assert_array_equal(d["X_val"][:, 0], 2 * d["y_val"])
    assert (np.diff(d["y_train"]) > 0).all()
    again = data.train_val_test_split(X, y, val=0.2, test=10, seed=1)
    _assert_same(d, again)
    no_test = data.train_val_test_split(X, y, val=0.2, test=0, shuffle=False)
    assert set(no_test) == {"X_train", "y_train", "X_val", "y_val"}
    assert no_test["y_val"].tolist() == list(range(80, 100))
    with pytest.raises(ValueError):
        data.train_val_test_split(X, y, val=0.6, test=0.5)
    with pytest.raises(ValueError):
        data.train_val_test_split(X, y[:-1])


def test_utils_defines_no_graded_exercise():
    import utils.gradcheck
    import utils.plots

    forbidden = re.compile(r"one_hot|minibatch|softmax|sigmoid|cross_entropy|sgd|forward|"
                           r"backward|train_step|fit\b|relu", re.I)
    for mod in (data, cache, utils.gradcheck, utils.plots):
        public = [n for n in dir(mod) if not n.startswith("_")]
        assert not [n for n in public if forbidden.search(n)], mod.__name__


# ----------------------------------------------------------------------------- the real data


MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def real_mnist():
    return data.load_mnist(test=True, data_dir=SHARED)


@needs_shared
def test_real_mnist(real_mnist):
    d = real_mnist
    assert d["X_train"].shape == (55000, 784) and d["X_val"].shape == (5000, 784)
    assert d["X_test"].shape == (10000, 784) and d["X_train"].dtype == np.float32
    assert d["X_train"].min() == 0.0 and d["X_train"].max() == 1.0
    counts = np.bincount(np.r_[d["y_train"], d["y_val"]], minlength=10)
    assert counts.tolist() == MNIST_TRAIN_COUNTS
    assert np.bincount(d["y_test"]).tolist() == MNIST_TEST_COUNTS


@needs_shared
def test_real_fashion_mnist():
    d = data.load_fashion_mnist(test=True, flatten=False, n_val=0, data_dir=SHARED)
    assert d["X_train"].shape == (60000, 28, 28) and d["X_val"].shape == (0, 28, 28)
    assert np.bincount(d["y_train"]).tolist() == [6000] * 10
    assert np.bincount(d["y_test"]).tolist() == [1000] * 10


@needs_shared
def test_real_cifar_small_through_a_seeded_cache(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert data.main(["seed", str(SHARED)]) == 0
    assert "9 file(s) linked" in capsys.readouterr().out
    assert (tmp_path / "cifar10" / "cifar10_subset.npz").is_symlink()
    d = data.load_cifar10(subset="small", test=True, normalize="center")
    assert d["X_train"].shape == (3000, 3072) and d["X_val"].shape == (1000, 3072)
    assert d["X_test"].shape == (1000, 3072) and d["X_train"].dtype == np.float32
    assert d["y_train"][:10].tolist() == [6, 9, 9, 4, 1, 1, 2, 7, 8, 3]
    assert d["y_test"][:10].tolist() == [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]
    assert abs(d["X_train"].mean(axis=0)).max() < 1e-3 and d["X_train"].max() > 100
    with np.load(SHARED / "cifar10" / "cifar10_subset.npz") as z:
        x_val0 = z["x_train"][3000].astype(np.float64)
        mean = z["x_train"][:3000].reshape(3000, -1).mean(axis=0)
    np.testing.assert_allclose(d["X_val"][0], x_val0.ravel() - mean, atol=1e-3)
    scaled = data.load_cifar10(subset="small", flatten=False)
    assert scaled["X_train"].shape == (3000, 32, 32, 3) and scaled["X_train"].max() <= 1.0
