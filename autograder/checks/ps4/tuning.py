"""Checks of problem set 4 that train the student's class: learns (digits), search and random_search."""

from __future__ import annotations

import itertools
import math

import numpy as np

import autograder.judge as judge
from autograder.checklib import CheckFailure, as_array, as_float, call, fail, rng_for
from autograder.checks.ps4.net_parts import init, loss, with_correct_predict
from autograder.checks.ps4.nets import (
    accuracy_of,
    attr_or,
    history_of,
    kernel_generator,
    make_net,
    params_of,
    train_net,
)
from autograder.checks.ps4.stand_ins import StandIns
from autograder.checks.ps4.training import train
from autograder.student_objects import plain_container

# ----------------------------------------------------------------------------- learns

def _digits():
    """scikit-learn's 8x8 digits (read from the file it ships, without importing scikit-learn)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    path = Path(next(iter(spec.submodule_search_locations or []), "")) / "datasets/data/digits.csv.gz" \
        if spec else None
    if path is not None and path.is_file():
        table = np.loadtxt(path, delimiter=",")
        X, y = table[:, :-1], table[:, -1].astype(np.int64)
    else:
        from sklearn.datasets import load_digits

        d = load_digits()
        X, y = d.data.astype(np.float64), d.target.astype(np.int64)
    X_train, y_train, X_val, y_val = X[:500], y[:500], X[1000:1300], y[1000:1300]
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0) + 1.0
    return (X_train - mu) / sd, y_train, (X_val - mu) / sd, y_val


LEARN_THRESHOLD = 0.75  # the reference reaches 0.87-0.92 over seeds


def first_broken(cls) -> tuple[str, str] | None:
    """The first part of the class whose own check fails, with that check's message (or None)."""
    for part, check in (("__init__", init), ("loss", loss), ("train", train)):
        try:
            check(cls)
        except CheckFailure as exc:
            return part, str(exc)
        except judge.CHANNEL_FAULTS:
            raise
        except Exception as exc:  # the student's code raised inside that check
            return part, f"{type(exc).__name__}: {exc}"
    return None


def learns(cls) -> None:
    """Trained with known-good settings on 500 digits, the net reaches >= 75% validation accuracy.
    When it does not, the message names the part of the class (__init__, loss, train) to fix first."""
    try:
        _learns(cls)
    except judge.CHANNEL_FAULTS:
        raise
    except Exception:
        broken = first_broken(cls)
        if broken is not None:
            part, message = broken
            fail(f"your TwoLayerNet does not learn because its {part} is wrong; fix {part} first "
                 f"(its test says: {message})")
        raise


def _learns(cls) -> None:
    X_train, y_train, X_val, y_val = _digits()
    net = make_net(cls, 64, 30, 10, std=0.1, seed=0)
    with_correct_predict(net)
    stats = train_net(net, X_train, y_train, X_val, y_val, learning_rate=0.1, learning_rate_decay=0.95,
                   reg=1e-3, num_iters=300, batch_size=50, seed=0)
    history = history_of(stats, "loss_history", (300,), "one entry per iteration")
    acc = accuracy_of(net, X_val, y_val, "the trained net")
    if acc < LEARN_THRESHOLD:
        if not np.isfinite(history).all():
            fail("training diverged (the loss became NaN or inf) with settings that work for a "
                 "correct TwoLayerNet")
        fail(f"trained with known-good settings on a small digits set, your TwoLayerNet stays "
             f"below {LEARN_THRESHOLD:.0%} validation accuracy (a correct one reaches about 90%)")
    if not np.mean(history[-30:]) < 0.8 * np.mean(history[:10]):
        fail("the loss_history of a net that learns does not decrease")


# ----------------------------------------------------------------------------- search

def _blobs():
    """Training data where a net that fits well and a net that predicts the majority class differ:
    the validation images come from every class but are all labelled 0, so the best net by
    validation accuracy is a heavily regularized one and the best by training accuracy is not."""
    rng = rng_for(707)
    centers = np.array([[3.0, 0, 0, 0], [0, 3.0, 0, 0], [0, 0, 3.0, 0]])
    y = np.repeat([0, 0, 1, 2], 40)
    X = centers[y] + rng.normal(size=(len(y), 4)) * 0.5
    y_val_src = np.repeat([0, 1, 2], 20)
    X_val = centers[y_val_src] + rng.normal(size=(len(y_val_src), 4)) * 0.5
    return X, y, X_val, np.zeros(len(X_val), dtype=np.int64)


def _unpack_search(out, what):
    out = plain_container(out)
    if not isinstance(out, tuple | list) or len(out) != 3:
        fail(f"{what} must return a triple (results, best_net, best_val)")
    results, best_net, best_val = plain_container(out[0]), out[1], out[2]
    if not isinstance(results, dict):
        fail(f"results of {what} must be a dict keyed by (learning_rate, reg, batch_size, hidden_size)")
    return results, best_net, best_val


def _check_results(results, what) -> dict[tuple, tuple[float, float]]:
    clean = {}
    for key, value in results.items():
        if not isinstance(key, tuple) or len(key) != 4:
            fail("the keys of results must be tuples (learning_rate, reg, batch_size, hidden_size)")
        try:
            [float(v) for v in key]
        except (TypeError, ValueError):
            fail("the keys of results must hold numbers (learning_rate, reg, batch_size, hidden_size)")
        pair = as_array(value, f"results{key!r}", (2,))
        if np.any(pair > 1) or np.any(pair < 0):
            fail(f"the accuracies in the results of {what} must be fractions in [0, 1]")
        clean[key] = (float(pair[0]), float(pair[1]))
    return clean


def _check_best(results, best_net, best_val, X_train, y_train, X_val, y_val, what, sizes):
    if best_net is None or not callable(attr_or(best_net, "predict")):
        fail(f"best_net returned by {what} is not a trained TwoLayerNet")
    params = params_of(best_net)
    W1 = params.get("W1") if isinstance(params, dict) else None
    if W1 is not None and np.ndim(W1) == 2 and np.shape(W1)[1] not in sizes:
        fail(f"best_net of {what} has a hidden layer of a size that is not in the hidden_size "
             "values: build each net with the hidden_size of its setting")
    acc = accuracy_of(best_net, X_val, y_val, "best_net")
    val = as_float(best_val, "best_val")
    if not 0 <= val <= 1:
        fail("best_val must be a fraction in [0, 1]")
    if abs(val - acc) > 0.05:
        fail("best_val is not the validation accuracy of best_net")
    top_val = max(v[1] for v in results.values())
    if acc < top_val - 0.05:
        top_train = max(v[0] for v in results.values())
        train_acc = accuracy_of(best_net, X_train, y_train, "best_net")
        if abs(train_acc - top_train) <= 0.05:
            fail(f"best_net of {what} is not the net with the highest validation accuracy in results "
                 "(it has the best training accuracy, or is it simply the last net?): choose it by "
                 "validation accuracy")
        fail(f"best_net of {what} is not the net with the highest validation accuracy in results")
    if val < top_val - 0.05:
        fail("best_val is lower than the best validation accuracy in results")


OWN_TRAIN_TOLERANCE = 0.3  # a training accuracy read off train_acc_history is a minibatch's


def _check_own_accuracies(results, best_net, X_train, y_train, X_val, y_val, what):
    """The accuracies in results are the student's numbers: best_net's own, recomputed here, must be
    among them (an untrained net reported with made-up accuracies is no search). The training
    accuracy may have been measured on a minibatch (the last entry of train_acc_history): 0.1 off
    for valid searches on the `_blobs` data, so the tolerance is wide; made-up ones were 0.5 off.
    Run last, after `_check_best`, so that the mistakes it names keep their messages."""
    train_acc = accuracy_of(best_net, X_train, y_train, "best_net")
    val_acc = accuracy_of(best_net, X_val, y_val, "best_net")
    if not any(abs(tr - train_acc) <= OWN_TRAIN_TOLERANCE and abs(va - val_acc) <= 0.05
               for tr, va in results.values()):
        fail(f"the results of {what} do not hold the accuracies of the nets it trained: best_net's own "
             "(train_acc, val_acc) is not among them")


def search(search_fn) -> None:
    """Every grid point in results, fractions in [0, 1]; best_net chosen by validation accuracy."""
    X, y, X_val, y_val = _blobs()
    # the last grid point is a well-fitted net: returning the last net is wrong here
    grid = {"learning_rate": [0.2, 0.3], "reg": [3.0, 1e-3], "batch_size": [20, 40],
            "hidden_size": [6, 10]}
    with StandIns(search_fn):  # the grader's TwoLayerNet: only search is judged here
        out = call(search_fn, X, y, X_val, y_val, grid, name="search",
                   arg_names=["X_train", "y_train", "X_val", "y_val", "grid"], num_iters=200, seed=0)
    results, best_net, best_val = _unpack_search(out, "search")
    expected = set(itertools.product(grid["learning_rate"], grid["reg"], grid["batch_size"],
                                     grid["hidden_size"]))
    keys = set(results)
    if keys != expected:
        if len(keys) == len(expected) and all(isinstance(k, tuple) and len(k) == 4 for k in keys) \
                and {tuple(sorted(map(float, k))) for k in keys} \
                == {tuple(sorted(map(float, k))) for k in expected}:
            fail("the keys of results must be (learning_rate, reg, batch_size, hidden_size), in that "
                 "order")
        if len(keys) < len(expected):
            fail(f"results has {len(keys)} entries; the grid has {len(expected)} points (every "
                 "combination of the four lists)")
        fail("the keys of results must be the grid points (learning_rate, reg, batch_size, "
             "hidden_size)")
    clean = _check_results(results, "search")
    # here a heavily regularized net predicts the majority class (train 0.5, val 1.0) and a lightly
    # regularized one fits the training data (train 1.0, val 1/3): swapped pairs show the reverse
    strong = [v for k, v in clean.items() if k[1] == grid["reg"][0]]
    weak = [v for k, v in clean.items() if k[1] == grid["reg"][1]]
    if all(tr > 0.9 and 0.4 < va < 0.6 for tr, va in strong) \
            and any(va > 0.9 and tr < 0.4 for tr, va in weak):
        fail("the values of results must be (train_acc, val_acc), in that order")
    _check_best(clean, best_net, best_val, X, y, X_val, y_val, "search", grid["hidden_size"])
    _check_own_accuracies(clean, best_net, X, y, X_val, y_val, "search")


def random_search(random_search_fn) -> None:
    """n_trials samples; lr and reg log-uniform in their ranges; lists sampled; rng used; best by val."""
    rng = rng_for(808)
    X = rng.normal(size=(40, 3))
    y = rng.integers(0, 3, size=40)
    X_val, y_val = rng.normal(size=(10, 3)), rng.integers(0, 3, size=10)
    ranges = {"learning_rate": (1e-6, 1e-1), "reg": (1e-4, 1e1), "batch_size": [10, 20],
              "hidden_size": [3, 5]}
    names = ["X_train", "y_train", "X_val", "y_val"]

    def run(seed, n_trials=40, r=ranges, data=(X, y, X_val, y_val), iters=2):
        with StandIns(random_search_fn, search=True):  # the grader's TwoLayerNet and search
            out = call(random_search_fn, *data, n_trials, r, name="random_search",
                       arg_names=[*names, "n_trials", "ranges"], rng=kernel_generator(random_search_fn, seed),
                       num_iters=iters)
        return _unpack_search(out, "random_search")

    results, best_net, best_val = run(5)
    if len(results) != 40:
        fail(f"results has {len(results)} entries for n_trials=40: run exactly n_trials trials")
    clean = _check_results(results, "random_search")
    keys = np.array([[float(v) for v in k] for k in clean])
    for col, name in ((0, "learning_rate"), (1, "reg")):
        lo, hi = ranges[name]
        vals = keys[:, col]
        if np.any(vals < lo * (1 - 1e-9)) or np.any(vals > hi * (1 + 1e-9)):
            fail(f"some sampled {name} values lie outside ranges[{name!r}] = (lo, hi)")
        u = (np.log(vals) - math.log(lo)) / (math.log(hi) - math.log(lo))
        lower, upper = float(np.mean(u < 1 / 3)), float(np.mean(u > 2 / 3))
        if lower < 0.1 or upper < 0.1:
            fail(f"{name} is not sampled log-uniformly: draw 10**uniform(log10(lo), log10(hi))")
    for col, name in ((2, "batch_size"), (3, "hidden_size")):
        vals = set(keys[:, col])
        if not vals <= set(map(float, ranges[name])):
            fail(f"some sampled {name} values are not in the list ranges[{name!r}]")
        if len(vals) < len(ranges[name]):
            fail(f"{name} must be drawn from the whole list ranges[{name!r}]")
    again, *_ = run(5)
    if sorted(map(tuple, keys)) != sorted(tuple(float(v) for v in k) for k in again):
        fail("two runs with generators of the same seed sample different settings: draw every "
             "random number from the rng argument")
    other, *_ = run(6)
    if sorted(map(tuple, keys)) == sorted(tuple(float(v) for v in k) for k in other):
        fail("generators of different seeds give the same settings: draw them from the rng argument")
    _check_best(clean, best_net, best_val, X, y, X_val, y_val, "random_search", ranges["hidden_size"])

    # selection by validation accuracy, on data where training and validation disagree
    Xb, yb, Xb_val, yb_val = _blobs()
    sel_ranges = {"learning_rate": (0.2, 0.3), "reg": (1e-3, 5.0), "batch_size": [20, 40],
                  "hidden_size": [6, 10]}
    results, best_net, best_val = run(9, n_trials=16, r=sel_ranges, data=(Xb, yb, Xb_val, yb_val),
                                      iters=200)
    clean = _check_results(results, "random_search")
    _check_best(clean, best_net, best_val, Xb, yb, Xb_val, yb_val, "random_search",
                sel_ranges["hidden_size"])
    _check_own_accuracies(clean, best_net, Xb, yb, Xb_val, yb_val, "random_search")
