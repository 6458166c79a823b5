"""Checks of problem set 2, section 1: data preparation (one_hot, minibatch_indices, train_val_split)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.checklib import assert_close, call, fail, rng_for
from autograder.checks.ps2.rules import numpy_only
from autograder.checks.ps2.values import as_plain_array, global_state_unchanged, same_values, tuple_of
from autograder.student_objects import call_echo, kernel_rng, numpy_call, random_state


def one_hot(student_one_hot: Callable) -> None:
    """one_hot(labels, num_classes) on random labels (int64, int32, uint8), N from 1, K from 2."""
    numpy_only((student_one_hot, "one_hot"))
    rng = rng_for(2001)
    cases = [(1, 10, np.int64), (7, 3, np.int64), (60, 10, np.uint8), (12, 5, np.int32),
             (9, 6, np.int64)]
    for n, k, dtype in cases:
        labels = rng.integers(0, k, size=n).astype(dtype)
        if n >= k and k == 6:
            labels[labels == k - 1] = 0  # the largest class absent: num_classes must set K
        elif n >= k:
            labels[:k] = rng.permutation(k)  # every class present
        raw = call(student_one_hot, labels, k, name="one_hot", arg_names=["labels", "num_classes"])
        if isinstance(raw, np.ndarray) and raw.ndim == 2:
            shape = tuple(raw.shape)
            if shape == (k, n) and k != n:
                fail("one_hot returned shape (num_classes, N): it must be (N, num_classes), one row "
                     "per label")
            if shape[0] == n and shape[1] != k:
                fail("one_hot must have num_classes columns, even when some classes do not occur "
                     "in labels")
        got = as_plain_array(raw, "one_hot(labels, num_classes)", (n, k))
        expected = np.eye(k)[labels.astype(np.int64)]
        columns = np.zeros((n, k))
        columns[:, np.unique(labels.astype(np.int64))] = 1.0
        hints = [
            (np.roll(expected, -1, axis=1), "one_hot is off by one: label c must set column c"),
            (np.roll(expected, 1, axis=1), "one_hot is off by one: label c must set column c"),
            (columns, "one_hot sets whole columns (Y[:, labels] = 1): index with the row numbers "
                      "and the labels together"),
        ]
        assert_close(got, expected, "one_hot(labels, num_classes)", raw=raw, hints=hints,
                     ratio_hint=False, context=f"for N={n}, num_classes={k}")


def _minibatches(student_fn: Callable, n: int, batch_size: int, rng: Any,
                 check_state: bool = True) -> np.ndarray:
    """Call the student's minibatch_indices with `rng` (a generator on the student's side, `kernel_rng`)
    and check the rows (and, with `check_state`, that the global np.random state is untouched);
    returns an int64 array."""
    name = "minibatch_indices"
    state = random_state(student_fn) if check_state else None
    raw = call(student_fn, n, batch_size, rng, name=name, check_unchanged=False)
    if state is not None:
        global_state_unchanged(student_fn, state, name)
    rows_wanted = n // batch_size
    if raw is None:
        fail(f"{name} returned None: did you forget to return the indices?")
    try:
        rows = len(raw)
    except TypeError:
        fail(f"{name} must return a 2-D array (or a list of rows) of indices")
    if rows != rows_wanted:
        fail(f"{name}({n}, {batch_size}, rng) returned {rows} rows; it must return n // batch_size "
             "rows of batch_size indices, the remainder dropped")
    arr = as_plain_array(raw, f"{name}(n, batch_size, rng)", (rows_wanted, batch_size))
    kind = np.asarray(raw).dtype.kind
    if kind not in "iu":
        fail(f"{name} must return integer indices (they are used to index arrays), not dtype "
             f"{np.asarray(raw).dtype}")
    if arr.min(initial=0) < 0 or arr.max(initial=0) >= n:
        fail(f"{name} returned indices outside range(n)")
    if len(np.unique(arr)) != arr.size:
        fail(f"{name} repeats indices: the indices must be distinct (draw a permutation, not with "
             "replacement)")
    return arr.astype(np.int64)


def minibatch_indices(student_fn: Callable) -> None:
    """Properties of minibatch_indices(n, batch_size, rng): shape, distinct, seeded by rng only."""
    name = "minibatch_indices"
    numpy_only((student_fn, name))
    for n, bs in [(103, 10), (20, 5), (7, 7), (5, 1), (1, 1), (64, 32)]:
        _minibatches(student_fn, n, bs, kernel_rng(student_fn, n))
    first = _minibatches(student_fn, 50, 8, kernel_rng(student_fn, 7))
    again = _minibatches(student_fn, 50, 8, kernel_rng(student_fn, 7))
    if not np.array_equal(first, again):
        fail(f"{name} gave different minibatches for two generators with the same seed: draw from "
             "rng only")
    others = [_minibatches(student_fn, 50, 8, kernel_rng(student_fn, s)) for s in (8, 9)]
    if any(np.array_equal(first, o) for o in others):
        fail(f"{name} gave the same minibatches for generators with different seeds: draw the "
             "permutation from rng")
    numpy_call(student_fn, "numpy.random.seed", 12345)
    rng = kernel_rng(student_fn, 7)
    state = rng.bit_generator.state
    _minibatches(student_fn, 50, 8, rng)
    if rng.bit_generator.state == state:
        fail(f"{name} did not draw from rng (the generator's state is unchanged)")
    second = _minibatches(student_fn, 50, 8, rng)
    if np.array_equal(first, second):
        fail(f"{name} gave the same minibatches when called again with the same (advanced) rng: "
             "draw the permutation from rng")
    # A random permutation: no fixed groups of indices, every index kept equally often.
    n, bs, trials = 10, 3, 300
    counts = np.zeros(n)
    together = 0
    state = random_state(student_fn)  # read once around the loop: two round trips, not 600
    for s in range(trials):
        batches = _minibatches(student_fn, n, bs, kernel_rng(student_fn, 1000 + s), check_state=False)
        counts[batches.ravel()] += 1
        row_of = {int(i): r for r, row in enumerate(batches) for i in row}
        together += int(0 in row_of and 1 in row_of and row_of[0] == row_of[1])
    global_state_unchanged(student_fn, state, name)
    if together > 0.5 * trials:
        fail(f"{name} keeps the same indices together in a minibatch: shuffle the indices "
             "themselves (a random permutation of range(n)), not only the order of the minibatches")
    expected = trials * (n // bs) * bs / n  # 270 per index
    if counts.min() < 0.85 * expected or counts.max() > min(trials, 1.15 * expected):
        fail(f"{name} does not draw from a random permutation of range(n): some indices are "
             "dropped far more often than others")


def train_val_split(student_split: Callable) -> None:
    """train_val_split(X, y, val_fraction, rng): a random (not stratified) split of the rows, sizes
    exact (n_val = round(val_fraction * N)), no overlap, every row kept, X and y rows paired, seeded
    by rng only, arguments unchanged."""
    name = "train_val_split"
    numpy_only((student_split, name))
    rng = rng_for(2010)

    def split(N: int, d: int, fraction: float, seed: int, check_state: bool = True):
        X = rng.normal(size=(N, d))
        X[:, 0] = np.arange(N)  # each row carries its number
        y = rng.integers(0, 10, size=N)
        state = random_state(student_split) if check_state else None
        result, after = call_echo(student_split, X, y, fraction, kernel_rng(student_split, seed), name=name)
        if not (same_values(after[0], X) and same_values(after[1], y)):
            fail(f"{name} modified X or y: return new arrays, leave the arguments unchanged")
        if state is not None:
            global_state_unchanged(student_split, state, name)
        parts = tuple_of(result, 4, name, "(X_train, y_train, X_val, y_val)")
        n_val = round(fraction * N)
        X_tr, y_tr, X_va, y_va = (as_plain_array(part, label, allow_squeeze=False) for part, label in
                                  zip(parts, ("X_train", "y_train", "X_val", "y_val"), strict=True))
        if X_va.shape[0] == N - n_val and X_tr.shape[0] == n_val and n_val != N - n_val:
            fail(f"{name} swapped the two parts: the validation set holds round(val_fraction * N) rows, "
                 "the training set the rest")
        if X_va.shape != (n_val, d) or X_tr.shape != (N - n_val, d):
            fail(f"{name}: the validation set must have round(val_fraction * N) rows and the training "
                 "set the other N - n_val rows, with the columns of X (wrong size for "
                 f"N={N}, val_fraction={fraction})")
        if y_va.shape != (n_val,) or y_tr.shape != (N - n_val,):
            fail(f"{name}: y_train and y_val must have one label per row of X_train and X_val")
        ids_tr, ids_va = X_tr[:, 0], X_va[:, 0]
        if not (np.all(ids_tr == np.round(ids_tr)) and np.all(ids_va == np.round(ids_va))) \
                or not np.allclose(np.concatenate([X_tr, X_va]),
                                   X[np.concatenate([ids_tr, ids_va]).astype(np.int64).clip(0, N - 1)]):
            fail(f"{name} must return whole rows of X (the rows themselves, not changed)")
        ids_tr, ids_va = ids_tr.astype(np.int64), ids_va.astype(np.int64)
        if np.intersect1d(ids_tr, ids_va).size or len(np.unique(ids_va)) != n_val \
                or len(np.unique(ids_tr)) != N - n_val:
            fail(f"{name}: an example is in both sets (or twice in one): the split must not overlap; "
                 "cut one permutation of range(N) in two, do not draw the two sets separately")
        if not (np.array_equal(y_tr, y[ids_tr]) and np.array_equal(y_va, y[ids_va])):
            fail(f"{name}: the labels no longer match their rows: index X and y with the same "
                 "indices (one permutation for both)")
        return np.sort(ids_va)

    for N, d, fraction in [(10, 3, 0.2), (1000, 4, 1 / 12), (9, 2, 0.3), (50, 1, 0.5), (7, 2, 0.0)]:
        split(N, d, fraction, N)
    first = split(60, 3, 0.25, 7)
    if not np.array_equal(first, split(60, 3, 0.25, 7)):
        fail(f"{name} gave different splits for generators with the same seed: draw from rng only")
    others = [split(60, 3, 0.25, s, check_state=False) for s in (8, 9, 10)]
    if all(np.array_equal(first, o) for o in others):
        if np.array_equal(first, np.arange(15)) or np.array_equal(first, np.arange(45, 60)):
            fail(f"{name} always takes the same rows for validation (the first or last ones): the split "
                 "must be random, a permutation drawn from rng")
        fail(f"{name} gave the same split for generators with different seeds: draw the permutation "
             "from rng")

