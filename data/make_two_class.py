"""Generate ``data/two_class.csv``: a 2-feature, 2-class table for the course (300 rows).

Two Gaussian clouds with different means and covariances that overlap: a linear classifier gets
about 90% right, so both a perceptron's failure to separate them perfectly and a logistic
regression's decision boundary are visible. Seeded and written with fixed precision, so running
this script again reproduces the file byte for byte (on any IEEE-754 machine; plain arithmetic
only, no linear-algebra library).

Usage: ``python data/make_two_class.py [OUT.csv]`` (default: two_class.csv next to this script).
Columns: ``x1,x2,label`` with label 0 or 1; the rows are shuffled.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

SEED = 20240901
N_PER_CLASS = 150
# Per class: mean (m1, m2) and a matrix A with x = mean + A z, z ~ N(0, I).
CLASSES = {
    0: ((-1.0, -0.6), ((0.9, 0.0), (0.45, 0.75))),
    1: ((1.0, 0.7), ((0.8, 0.0), (-0.35, 0.9))),
}


def make_rows(seed: int = SEED, n_per_class: int = N_PER_CLASS) -> list[tuple[float, float, int]]:
    rng = np.random.default_rng(seed)
    rows = []
    for label, ((m1, m2), ((a11, a12), (a21, a22))) in CLASSES.items():
        z = rng.standard_normal((n_per_class, 2))
        x1 = m1 + a11 * z[:, 0] + a12 * z[:, 1]
        x2 = m2 + a21 * z[:, 0] + a22 * z[:, 1]
        rows += [(float(u), float(v), label) for u, v in zip(x1, x2, strict=True)]
    order = rng.permutation(len(rows))
    return [rows[i] for i in order]


def write_csv(path: Path, rows: list[tuple[float, float, int]]) -> None:
    lines = ["x1,x2,label"] + [f"{u:.6f},{v:.6f},{label}" for u, v, label in rows]
    path.write_text("\n".join(lines) + "\n", encoding="ascii", newline="\n")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).with_name("two_class.csv")
    write_csv(out, make_rows())
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"wrote {out} ({2 * N_PER_CLASS} rows), sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
