"""``python -m utils.data {seed DIR | download NAME | status} [--data-dir CACHE]``: the dataset cache
from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from utils.cache import (
    REGISTRY,
    ChecksumError,
    DataNotFoundError,
    cache_dir,
    fetch,
    seed_cache,
    verify_file,
)
from utils.data._common import PathLike
from utils.data.cifar import CIFAR_DIR


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
