"""Unit tests of the ps5 hidden checks: the grader's copies agree with the notebook, oracles are right.

Most tests call the checks directly on local objects; a few go through the real channel
(`judge.loopback_check`) for what stays in the kernel: the model, str and dict subclasses.
"""

from __future__ import annotations

import collections
import json

import numpy as np
import pytest
import torch

from autograder import judge, problemsets
from autograder.checks import ps5
from autograder.runtime import CheckFailure

PS = problemsets.resolve("ps5")


@pytest.fixture(scope="module")
def notebook():
    return json.loads(PS.source.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def helpers(notebook):
    """The namespace of the notebook's setup-free helper cells (trainer, scenarios, buggy backwards)."""
    ns = {"np": np, "torch": torch}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and "helpers" in cell["metadata"].get("tags", []):
            ns["plt"] = None
            exec(compile(cell["source"], cell["id"], "exec"), ns)  # noqa: S102
    return ns


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_grader_trainer_is_the_notebooks(helpers, activation):
    config = {"lr": 0.2, "init_scale": 1.0, "hidden": 16, "batch_size": 50, "weight_decay": 1e-3,
              "epochs": 3, "activation": activation, "seed": 3}
    data = ps5._scenario_data(n_train=120, label_noise=0.2)
    data_nb = helpers["scenario_data"](n_train=120, label_noise=0.2)
    for key in data:
        np.testing.assert_array_equal(data[key], data_nb[key])
    ours, theirs = ps5._train(config, data), helpers["train_mlp"](config, data_nb)
    np.testing.assert_array_equal(ours["train_loss"], theirs["train_loss"])
    np.testing.assert_array_equal(ours["test_loss"], theirs["test_loss"])


def test_failing_configs_match_the_notebook(helpers):
    for name in "bcd":
        assert helpers["SCENARIOS"][name][1] == ps5.FAILING[name]
    assert tuple(helpers["LABELS"]) == ps5.LABELS


def test_model_answer_publishes_the_accepted_sets(notebook):
    answer = next(c["source"] for c in notebook["cells"] if c["id"] == "answer_curves")
    for key, labels in ps5.ACCEPTED.items():
        published = answer.split(f"({key}) {{", 1)[1].split("}", 1)[0]
        assert {label.strip(" `") for label in published.split(",")} == set(labels), key


def test_bug_locations_are_what_the_bugs_corrupt(helpers):
    """Each planted bug changes exactly the gradients listed in BUG_LOCATIONS (PyTorch as the oracle)."""
    rng = np.random.default_rng(0)
    for trial in range(3):
        X = rng.normal(size=(7, 4))
        y = rng.integers(0, 3, size=7)
        params = {"W1": rng.normal(size=(4, 5)), "b1": rng.normal(size=5), "W2": rng.normal(size=(5, 3)),
                  "b2": rng.normal(size=3)}
        right = ps5._torch_grads(X, y, params, 0.1)
        for impl, expected in ps5.BUG_LOCATIONS.items():
            grads = helpers[f"backward_{impl}"](X, y, params, 0.1)
            wrong = {k for k in ps5.PARAM_NAMES if not np.allclose(grads[k], right[k], rtol=1e-9, atol=1e-12)}
            assert wrong == expected, (trial, impl, wrong)


@pytest.mark.parametrize("name", ["fix_b", "fix_c", "fix_d"])
def test_unchanged_config_is_not_a_fix(name):
    with pytest.raises(CheckFailure, match="symptom"):
        getattr(ps5, name)(lambda config: dict(config))


def test_dead_oracle_edge_cases():
    cases = {what: ps5._dead_oracle(p, X) for what, p, X in ps5._dead_cases()}
    values = list(cases.values())
    assert values[1] == 1.0 and values[2] == 0.0
    assert values[3] == pytest.approx(0.4)  # units 1 and 2 (pre-activation exactly 0) of 5
    assert 0.0 < values[0] < 1.0


class _Rounded(torch.nn.Module):
    def __init__(self, N):
        super().__init__()
        self.N = N
        self.w = torch.nn.Parameter(torch.ones(1))

    def forward(self, x):
        k = torch.round(x * 2**self.N)
        return (2 * (k % 2) - 1) * self.w


class _Smooth(torch.nn.Module):
    def __init__(self, N):
        super().__init__()
        self.N = N
        self.w = torch.nn.Parameter(torch.ones(1))

    def forward(self, x):  # -cos(pi k) at the points k / 2**N: right sign everywhere
        return -torch.cos(torch.pi * x * 2**self.N) * self.w


def test_continuity_catches_a_rounded_input_and_passes_a_smooth_fit():
    with pytest.raises(CheckFailure, match="continuously"):
        ps5._check_alternating(lambda N, seed: _Rounded(N), 3)
    ps5._check_alternating(lambda N, seed: _Smooth(N), 4)


def test_model_crosses_as_a_proxy():
    """Through the channel the returned model stays in the kernel: a Remote whose parameters are
    mirrored and whose outputs come back by value; the verdicts are the local ones."""
    judge.loopback_check("ps5", "fit_alternating_3", lambda N, seed: _Smooth(N))
    with pytest.raises(AssertionError, match="continuously"):
        judge.loopback_check("ps5", "fit_alternating_3", lambda N, seed: _Rounded(N))

    def frozen(N, seed):
        model = _Smooth(N)
        model.w.requires_grad_(False)
        return model

    with pytest.raises(AssertionError, match="trainable"):
        judge.loopback_check("ps5", "fit_alternating_3", frozen)
    with pytest.raises(AssertionError, match=r"torch.nn.Module, not function"):
        judge.loopback_check("ps5", "fit_alternating_3", lambda N, seed: (lambda x: _Smooth(N)(x)))


def test_subclassed_answers_cross_as_they_pass_locally():
    """np.str_ labels, an OrderedDict and a namedtuple of names stay references in the kernel; the
    checks read them as the str, dict and tuple they are, as they do locally."""
    diag = collections.OrderedDict(
        (k, np.str_(next(iter(ps5.ACCEPTED[k])).upper())) for k in "abcde")
    names = collections.namedtuple("Names", "first second")
    locations = collections.OrderedDict(
        impl1=[np.str_("b2")], impl2=names("W1", "b1"), impl3=np.str_("W2"))
    local = lambda name, arg: getattr(ps5, name)(arg)  # noqa: E731
    channel = lambda name, arg: judge.loopback_check("ps5", name, arg)  # noqa: E731
    for run in (local, channel):
        run("diagnosis", diag)
        run("bug_location", locations)
        with pytest.raises(AssertionError, match=r"\(b\) and \(c\) look swapped"):
            run("diagnosis", {**diag, "b": np.str_("learning_rate_too_large"),
                              "c": np.str_("learning_rate_too_small")})
        with pytest.raises(AssertionError, match="case-sensitive"):
            run("bug_location", {**locations, "impl3": np.str_("w2")})
