"""The dataset cache: where data files live, which files are known, checksums, downloads, seeding.

Layout of the cache directory (``COURSE_DATA_DIR`` if set, else ``data/`` at the repository root,
resolved relative to this package and looked up at call time, never from the working directory)::

    <cache>/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
    <cache>/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
    <cache>/cifar10/cifar-10-python.tar.gz        (the official archive), or
    <cache>/cifar10/cifar-10-batches-py/...       (the same archive, extracted), and/or
    <cache>/cifar10/cifar10_subset.npz            (the genuine 4,000 + 1,000 image subset)

This is the layout of the course's shared data folder, so ``python -m utils.data seed DIR`` can
link a whole folder into the cache. Every file is listed in `REGISTRY` with its checksum; a file is
verified before every use (the result is remembered per (path, size, mtime), so repeated loads do
not hash again) and a file that fails the check is never read. Missing files are downloaded from
the official mirrors with `pooch`; `download` is the single function that touches the network (the
tests replace it).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ENV_VAR",
    "REGISTRY",
    "DATASET_TITLES",
    "KnownFile",
    "DataNotFoundError",
    "ChecksumError",
    "DownloadError",
    "cache_dir",
    "file_hash",
    "verify_file",
    "download",
    "fetch",
    "seed_cache",
]

ENV_VAR = "COURSE_DATA_DIR"
REPO_ROOT = Path(__file__).resolve().parent.parent


class DataNotFoundError(FileNotFoundError):
    """Dataset files are missing from the cache and could not be downloaded."""


class ChecksumError(ValueError):
    """A data file does not have its published checksum (corrupted, truncated or wrong file)."""


class DownloadError(OSError):
    """Every mirror of a file failed (offline, HTTP error, or a download with a wrong checksum)."""


@dataclass(frozen=True)
class KnownFile:
    """A data file the course knows: where it goes, its checksum, and where to download it.

    `known_hash` is ``"<algorithm>:<hex digest>"`` (``sha256`` or ``md5``), as in pooch; `size` is
    the size in bytes (checked first: a truncated file is rejected without hashing), or None.
    `urls` are mirrors tried in order; empty when the file has no public download location.
    """

    dataset: str
    name: str
    known_hash: str
    size: int | None = None
    urls: tuple[str, ...] = ()


DATASET_TITLES: dict[str, str] = {
    "mnist": "MNIST",
    "fashion-mnist": "Fashion-MNIST",
    "cifar10": "CIFAR-10",
}

_MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
_FASHION_MIRRORS = (
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
)
_CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"


def _idx_files(dataset: str, mirrors: tuple[str, ...], rows: list[tuple[str, int, str]]):
    return {
        name: KnownFile(dataset, name, f"sha256:{sha}", size, tuple(m + name for m in mirrors))
        for name, size, sha in rows
    }


# dataset -> file name (relative to <cache>/<dataset>) -> KnownFile. Module-level so that tests
# can register small files of their own (monkeypatch.setitem).
REGISTRY: dict[str, dict[str, KnownFile]] = {
    "mnist": _idx_files("mnist", _MNIST_MIRRORS, [
        ("train-images-idx3-ubyte.gz", 9_912_422,
         "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
        ("train-labels-idx1-ubyte.gz", 28_881,
         "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        ("t10k-images-idx3-ubyte.gz", 1_648_877,
         "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        ("t10k-labels-idx1-ubyte.gz", 4_542,
         "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ]),
    "fashion-mnist": _idx_files("fashion-mnist", _FASHION_MIRRORS, [
        ("train-images-idx3-ubyte.gz", 26_421_880,
         "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        ("train-labels-idx1-ubyte.gz", 29_515,
         "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        ("t10k-images-idx3-ubyte.gz", 4_422_102,
         "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        ("t10k-labels-idx1-ubyte.gz", 5_148,
         "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
    ]),
    "cifar10": {
        # The official archive: md5 c58f30108f718f92721af3b95e74349a (published on the CIFAR page).
        "cifar-10-python.tar.gz": KnownFile(
            "cifar10", "cifar-10-python.tar.gz",
            "sha256:6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
            170_498_071, (_CIFAR_URL,)),
        # The genuine subset (training images 0-3,999, test images 0-999); no public URL.
        "cifar10_subset.npz": KnownFile(
            "cifar10", "cifar10_subset.npz",
            "sha256:2a9fc689a27c9419ed61825842425a013acce5c1daa0b66bf0617a29fee14f44",
            14_163_860),
        # The members of the archive, for a cache that holds it extracted (md5s as published
        # with torchvision's CIFAR10). They are never downloaded on their own.
        **{
            f"cifar-10-batches-py/{name}": KnownFile(
                "cifar10", f"cifar-10-batches-py/{name}", f"md5:{md5}")
            for name, md5 in [
                ("data_batch_1", "c99cafc152244af753f735de768cd75f"),
                ("data_batch_2", "d4bba439e000b95fd0a9bffe97cbabec"),
                ("data_batch_3", "54ebc095f3ab1f0389bbae665268c751"),
                ("data_batch_4", "634d18415352ddfa80567beed471001a"),
                ("data_batch_5", "482c414d41f54cd18b22e5b47cb7c3cb"),
                ("test_batch", "40351d587109b95175f43aff81a1287e"),
                ("batches.meta", "5ff9c542aee3614f3951f8cda6e48888"),
            ]
        },
    },
}


def cache_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The dataset cache directory: `data_dir` if given, else ``$COURSE_DATA_DIR``, else
    ``<repo>/data``. Looked up at every call (so a test or a notebook can change it)."""
    if data_dir is None:
        data_dir = os.environ.get(ENV_VAR) or REPO_ROOT / "data"
    return Path(data_dir).expanduser().absolute()


def file_hash(path: str | os.PathLike[str], algorithm: str = "sha256") -> str:
    """The hex digest of a file (read in 1 MiB chunks)."""
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# (real path, size, mtime_ns, known hash, expected size) of every file that passed verify_file.
_VERIFIED: set[tuple[str, int, int, str, int | None]] = set()


def verify_file(path: str | os.PathLike[str], known_hash: str, size: int | None = None) -> Path:
    """Check that `path` has checksum `known_hash` (``"sha256:<hex>"``, ``"md5:<hex>"``; a bare hex
    digest means sha256) and, if given, `size` in bytes. Returns the path; raises `ChecksumError`.

    A success is remembered by (real path, size, mtime), so verifying an unchanged file again is
    free; a file that is modified, replaced or truncated is hashed again.
    """
    path = Path(path)
    algorithm, _, expected = known_hash.rpartition(":")
    algorithm, expected = (algorithm or "sha256").lower(), expected.lower()
    st = path.stat()
    key = (os.path.realpath(path), st.st_size, st.st_mtime_ns, f"{algorithm}:{expected}", size)
    if key in _VERIFIED:
        return path
    advice = ("It is corrupted or truncated and will not be used: delete it (it is downloaded "
              "again) or replace it with a good copy.")
    if size is not None and st.st_size != size:
        raise ChecksumError(f"{path} has {st.st_size:,} bytes, expected {size:,}. {advice}")
    actual = file_hash(path, algorithm)
    if actual != expected:
        raise ChecksumError(
            f"{path} has {algorithm} {actual}, expected {expected}. {advice}"
        )
    _VERIFIED.add(key)
    return path


def download(spec: KnownFile, dest: Path) -> None:
    """Download `spec` to `dest`, trying each mirror in turn; pooch checks the checksum before
    the file is moved into place. Raises `DownloadError` listing what every mirror answered."""
    if not spec.urls:
        raise DownloadError(f"{spec.name} has no public download location")
    import pooch  # imported here: loading requests is slow and most loads never download

    errors = []
    for url in spec.urls:
        try:
            pooch.retrieve(
                url, known_hash=spec.known_hash, fname=dest.name, path=dest.parent,
                downloader=pooch.HTTPDownloader(progressbar=True, chunk_size=1 << 16),
            )
            return
        except Exception as err:  # any failure means: try the next mirror
            errors.append(f"{url}: {type(err).__name__}: {err}")
    raise DownloadError("every mirror failed:\n    " + "\n    ".join(errors))


def _missing_message(title: str, folder: Path, names: list[str], urls: list[str],
                     reason: str) -> str:
    where = urls[0].rsplit("/", 1)[0] + "/" if urls else None
    lines = [
        f"{title}: {len(names)} file(s) are not in the dataset cache and could not be downloaded.",
        "  missing: " + ", ".join(names),
        f"  folder:  {folder}",
        "To fix it, do one of:",
        "  * put the original files in that folder"
        + (f" (download them from {where})" if where else ""),
        "  * run `python -m utils.data seed DIR` with DIR a folder laid out like the course's "
        "shared data folder (mnist/, fashion-mnist/, cifar10/)",
        f"  * set {ENV_VAR} to a folder whose {folder.name}/ subfolder has these files",
        f"Download error: {reason}",
    ]
    return "\n".join(lines)


def fetch(dataset: str, names: Iterable[str], data_dir: str | os.PathLike[str] | None = None,
          *, allow_download: bool = True) -> dict[str, Path]:
    """Make sure the files `names` of `dataset` are in the cache and verified; returns their paths.

    A missing or corrupted file is downloaded (see `download`) unless `allow_download` is False (the
    grader: it never touches the network, a missing file is its fault). When that fails, raises
    `DataNotFoundError` naming every missing file and the folder to put it in, or `ChecksumError`
    when a file present in the cache is corrupted. A file that fails its check is never returned.
    """
    folder = cache_dir(data_dir) / dataset
    title = DATASET_TITLES.get(dataset, dataset)
    paths: dict[str, Path] = {}
    failed: list[str] = []
    corrupt: dict[str, ChecksumError] = {}
    reason = "" if allow_download else "downloads are switched off (download=False)"
    for name in names:
        spec = REGISTRY[dataset][name]
        path = folder / name
        if path.exists():
            try:
                paths[name] = verify_file(path, spec.known_hash, spec.size)
                continue
            except ChecksumError as err:
                corrupt[name] = err
        if reason:  # a download already failed: we are offline, do not try every file
            failed.append(name)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            download(spec, path)
            paths[name] = verify_file(path, spec.known_hash, spec.size)
        except (OSError, ChecksumError) as err:
            reason = str(err) or type(err).__name__
            failed.append(name)
    if not failed:
        return paths
    bad = [name for name in failed if name in corrupt]
    if bad:
        raise ChecksumError(
            "\n".join(str(corrupt[name]) for name in bad)
            + f"\nA fresh copy could not be downloaded: {reason}"
        )
    urls = [u for name in failed for u in REGISTRY[dataset][name].urls]
    raise DataNotFoundError(_missing_message(title, folder, failed, urls, reason))


def seed_cache(source: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None,
               log: Callable[[str], object] = print) -> int:
    """Link the known files found in `source` (laid out as mnist/, fashion-mnist/, cifar10/) into
    the cache with symlinks (nothing is copied), after verifying each one.

    A file already in the cache that verifies is kept; a corrupted one is replaced by the link.
    Returns 0, or 1 if a file in `source` failed its checksum (it is then not linked). A missing
    `source` is not an error (there is nothing to seed).
    """
    source = Path(source).expanduser()
    target = cache_dir(data_dir)
    if not source.is_dir():
        log(f"utils.data seed: {source} does not exist; nothing to seed (the cache {target} is "
            "unchanged).")
        return 0
    linked = kept = refused = 0
    for dataset, files in REGISTRY.items():
        for name, spec in files.items():
            src = source / dataset / name
            if not src.is_file():
                continue
            try:
                verify_file(src, spec.known_hash, spec.size)
            except ChecksumError as err:
                log(f"REFUSED {src}: {err}")
                refused += 1
                continue
            dest = target / dataset / name
            if dest.is_symlink() and os.path.realpath(dest) == os.path.realpath(src):
                kept += 1
                continue
            if dest.exists() and not dest.is_symlink():
                try:
                    verify_file(dest, spec.known_hash, spec.size)
                    kept += 1
                    log(f"kept    {dest} (a verified copy is already there)")
                    continue
                except ChecksumError:
                    log(f"replacing corrupted {dest}")
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.is_symlink() or dest.exists():
                dest.unlink()
            dest.symlink_to(src.resolve())
            linked += 1
            log(f"linked  {dest} -> {src.resolve()}")
    log(f"utils.data seed: {linked} file(s) linked, {kept} already in place, {refused} refused "
        f"(cache: {target}, source: {source})")
    return 1 if refused else 0
