"""Personal numbers: each student's own small network for the by-hand sections (problem set 1 §1).

The numbers are a deterministic function of the student id (SHA-256 of the id → a NumPy generator), so
the notebook and the grader derive the same network from the same id and no two students share their
answers. They are short decimals (two places) so that the work stays feasible by hand.
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["network_for"]


def _draw(rng: np.random.Generator, size: int, low: float, high: float) -> list[float]:
    """`size` two-decimal numbers in [low, high] with |v| ≥ 0.05 (no weight that vanishes)."""
    out: list[float] = []
    while len(out) < size:
        v = round(float(rng.uniform(low, high)), 2)
        if abs(v) >= 0.05:
            out.append(v)
    return out


def network_for(student_id: str) -> dict:
    """The 2-2-1 sigmoid network of problem set 1 §1 for `student_id` (spaces around it ignored).

    Returns a dict of NumPy float64 arrays (a float for "y"), with the layer convention z = W x + b:

    - ``"W1"``: shape (2, 2), ``W1[i, j]`` the weight from input j to hidden unit i, entries in ±[0.05, 0.8];
    - ``"b1"``: shape (2,), entries in ±[0.05, 0.6];
    - ``"W2"``: shape (1, 2), entries in ±[0.05, 0.9];
    - ``"b2"``: shape (1,), in ±[0.05, 0.6];
    - ``"x0"``: shape (2,), the input, entries in [0.05, 1.0] and different from each other;
    - ``"y"``: a float in [0.01, 0.99], the target (at least 0.2 away from the network's output).

    Every number has two decimals. The same id always gives the same numbers; an empty id is an error.
    """
    if not isinstance(student_id, str):
        raise TypeError(f"the student id must be a string (in quotes), not {type(student_id).__name__}")
    sid = student_id.strip()
    if not sid:
        raise ValueError('STUDENT_ID is empty: enter your student id in the first code cell, e.g. '
                         'STUDENT_ID = "jdoe", exactly as you submit the notebook under')
    seed = int.from_bytes(hashlib.sha256(sid.encode("utf-8")).digest()[:8], "big")
    rng = np.random.default_rng(seed)
    while True:
        W1 = np.array(_draw(rng, 4, -0.8, 0.8)).reshape(2, 2)
        b1 = np.array(_draw(rng, 2, -0.6, 0.6))
        W2 = np.array(_draw(rng, 2, -0.9, 0.9)).reshape(1, 2)
        b2 = np.array(_draw(rng, 1, -0.6, 0.6))
        x0 = np.array([round(float(v), 2) for v in rng.uniform(0.05, 1.0, size=2)])
        y = round(float(rng.uniform(0.01, 0.99)), 2)
        out = 1 / (1 + np.exp(-(W2 @ (1 / (1 + np.exp(-(W1 @ x0 + b1)))) + b2)))
        if abs(W1[0, 1] - W1[1, 0]) >= 0.05 and abs(x0[0] - x0[1]) >= 0.05 and abs(out[0] - y) >= 0.2:
            return {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "x0": x0, "y": y}
