"""Properties of the ps4 hidden checks that make them able to tell right from wrong.

The corpus (tests/submissions/ps4) shows that the checks pass good code and fail known mistakes;
these tests pin down why: the observations the `train` and `search` checks rely on really separate
the accepted behaviours from the wrong ones, independently of any student code.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from autograder import corpus, problemsets
from autograder.checks import ps4
from autograder.runtime import CheckFailure


@pytest.fixture(scope="module")
def reference() -> dict:
    """The source notebook's solution cells executed into one namespace."""
    source = json.loads(problemsets.resolve("ps4").source.read_text(encoding="utf-8"))
    ns: dict = {"np": np, "itertools": itertools}
    for cell in source["cells"]:
        if corpus.is_solution(cell) and cell["cell_type"] == "code":
            exec(corpus.strip_markers(cell["source"]), ns)  # noqa: S102  (our own notebook)
    return ns


def test_decay_schedules_are_distinguishable():
    """Every accepted and every wrong decay schedule of the X = 0 problem ends in different params."""
    num_iters, ipe, n, batch = 9, 2, 12, 5
    lr, decay, reg = 0.3, 0.5, 0.4
    rng = np.random.default_rng(0)
    p0 = {"W1": rng.normal(size=(3, 4)), "b1": -np.ones(4), "W2": rng.normal(size=(4, 3)),
          "b2": np.zeros(3)}
    accepted, wrong = ps4._schedule_candidates(num_iters, ipe, n, batch)
    finals = {name: ps4._simulate(k, lr, decay, reg, p0, num_iters)[0] for name, k in accepted.items()}
    for k, message in wrong:
        got = ps4._simulate(k, lr, decay, reg, p0, num_iters)[0]
        assert not any(ps4._matches(got, f) for f in finals.values()), message
    # and ignoring reg is visible even when the schedule is right
    for k in accepted.values():
        no_reg = ps4._simulate(k, lr, decay, 0.0, p0, num_iters)[0]
        assert not any(ps4._matches(no_reg, f) for f in finals.values())


def test_sampling_gradients_identify_the_minibatch():
    """The per-example gradients of the sampling problem are linearly independent (well above noise)."""
    rng = np.random.default_rng(2024)  # the same draws as ps4._train_sampling
    N, D, H, C = 30, 4, 6, 3
    X, y = rng.normal(size=(N, D)), rng.integers(0, C, size=N)
    p0 = {"W1": rng.normal(size=(D, H)) * 0.7, "b1": rng.normal(size=H) * 0.3,
          "W2": rng.normal(size=(H, C)) * 0.7, "b2": rng.normal(size=C) * 0.3}
    G = ps4._example_grads(p0, X, y)
    assert np.linalg.matrix_rank(G) == N
    assert np.linalg.cond(G) < 1e4


def test_typical_mistakes_give_distinct_wrong_answers():
    """On the first loss case every hint's wrong loss or gradient differs from the right one."""
    rng = np.random.default_rng(1)
    N, D, H, C = 4, 5, 3, 3
    params = ps4._random_params(rng, D, H, C)
    X, y = rng.normal(size=(N, D)), rng.integers(0, C, size=N)
    right_loss, right_grads = ps4._torch_loss(params, X, y, 0.1)
    for wrong_loss, wrong_grads, message in ps4._mistakes(params, X, y, 0.1):
        differs = abs(wrong_loss - right_loss) > 1e-6 or any(
            not np.allclose(wrong_grads[k], right_grads[k]) for k in ps4.PARAM_NAMES)
        assert differs, message


def test_reference_passes_every_check(reference):
    net = reference["TwoLayerNet"]
    for name, arg in [("init", net), ("loss", net), ("predict", net), ("train", net), ("learns", net),
                      ("search", reference["search"]), ("random_search", reference["random_search"])]:
        getattr(ps4, name)(arg)


def test_search_data_separates_validation_from_training(reference):
    """On the search check's data the best net by training accuracy is not the best by validation."""
    X, y, X_val, y_val = ps4._blobs()
    grid = {"learning_rate": [0.2, 0.3], "reg": [3.0, 1e-3], "batch_size": [20, 40], "hidden_size": [6, 10]}
    results, _, best_val = reference["search"](X, y, X_val, y_val, grid, num_iters=200, seed=0)
    by_train = max(results, key=lambda k: results[k][0])
    assert best_val == 1.0
    assert results[by_train][1] < 0.5


def test_predict_check_fails_scores(reference):
    class ReturnsScores(reference["TwoLayerNet"]):
        def predict(self, X):
            return self.loss(X)

    with pytest.raises(CheckFailure, match="not the scores"):
        ps4.predict(ReturnsScores)
