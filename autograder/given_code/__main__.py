"""`python -m autograder.given_code [PS ...]`: print the violations (a development aid)."""

from __future__ import annotations

import sys
from pathlib import Path

from autograder.given_code.limits import DEFAULT_TIME_LIMIT
from autograder.given_code.run import analyse


def main(argv: list[str] | None = None) -> int:
    """`python -m autograder.given_code [PS ...]`: print the violations (a development aid)."""
    import argparse

    from autograder import given_code
    from autograder.problemsets import REPO

    parser = argparse.ArgumentParser(prog="python -m autograder.given_code",
                                     description=given_code.__doc__.splitlines()[0])
    parser.add_argument("ps", nargs="*")
    parser.add_argument("--root", default=str(REPO))
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
    args = parser.parse_args(argv)
    res = analyse(Path(args.root), only=set(args.ps) or None, time_limit=args.time_limit,
                  progress=lambda s, t: print(f"  {s.ps}.{s.check} <- {s.name}: {t:.1f} s", file=sys.stderr,
                                                 flush=True))
    for v in res.violations:
        print(v)
    for n in res.notes:
        print(f"note: {n}")
    print(f"{len(res.violations)} violations, {res.runs} check runs, {res.seconds:.1f} s")
    return 1 if res.violations else 0


if __name__ == "__main__":
    sys.exit(main())
