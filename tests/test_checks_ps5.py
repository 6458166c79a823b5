"""Unit tests of the ps5 hidden checks: the grader's copies agree with the notebook, oracles are right.

Most tests call the checks directly on local objects; a few go through the real channel
(`judge.loopback_check`) for what stays in the kernel: the model, str and dict subclasses.
"""

from __future__ import annotations

import collections
import json
import re

import numpy as np
import pytest
import torch

from autograder import judge, problemsets, ps5_scenarios
from autograder.checks import ps5
from autograder.checks.ps5 import alternating as ps5_alternating
from autograder.checks.ps5 import answers as ps5_answers
from autograder.checks.ps5 import bug_hunt as ps5_bug_hunt
from autograder.checks.ps5 import dead_units as ps5_dead_units
from autograder.checks.ps5 import fixes as ps5_fixes
from autograder.in_kernel import CheckFailure
from autograder.ps5_scenarios import notebook_helpers

PS = problemsets.resolve("ps5")


def PS_NOTEBOOK():
    return json.loads(PS.source.read_text(encoding="utf-8"))


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
            exec(compile(cell["source"], cell["id"], "exec"), ns)
    return ns


def test_one_trainer_read_from_the_source_notebook(helpers):
    """The checks train with the notebook's own `train_mlp` (executed from the source notebook in the
    grader), built on PyTorch autograd: no hand-written backward pass, no second copy to keep in sync."""
    trainer = notebook_helpers()
    assert trainer["train_mlp"].__code__.co_filename == "<ps5 notebook cell ps5-trainer>"
    cell = next(c["source"] for c in PS_NOTEBOOK()["cells"] if c["id"] == "ps5-trainer")
    assert "autograd" in cell and ".T @" not in cell and "softmax" not in cell
    config = {"lr": 0.2, "init_scale": 1.0, "hidden": 16, "batch_size": 50, "weight_decay": 1e-3,
              "epochs": 3, "activation": "tanh", "seed": 3}
    data = trainer["scenario_data"](n_train=120, label_noise=0.2)
    ours, theirs = trainer["train_mlp"](config, data), helpers["train_mlp"](config, data)
    np.testing.assert_array_equal(ours["train_loss"], theirs["train_loss"])


def test_failing_configs_match_the_notebook(helpers):
    for name in "123":
        assert helpers[f"CONFIG_{name}"] == ps5_fixes.FAILING[name]
    assert tuple(helpers["LABELS"]) == ps5_answers.LABELS


def test_hidden_scenarios_are_not_in_the_release():
    """§1 shows curves only: the release notebook names no hidden configuration and trains no scenario."""
    cells = json.loads(PS.release.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    text = "\n".join("".join(c["source"]) for c in cells)
    assert "ps5_scenarios.py" not in text and "HIDDEN" not in code
    assert not re.search(r"label_noise=0\.[1-9]|scenario_data\(\*\*", code)
    assert "load_scenario_curves()" in code and "run_scenario" not in code


def test_shipped_curves_are_the_hidden_runs_and_show_their_symptoms():
    with np.load(ps5_scenarios.OUTPUT) as shipped:
        curves = {k: shipped[k] for k in shipped.files}
    fresh = ps5_scenarios.curves("c")  # the quickest; `python -m autograder.ps5_scenarios --check`: all
    np.testing.assert_allclose(curves["c_train_loss"], fresh["c_train_loss"], rtol=1e-9)
    tr = {k: curves[f"{k}_train_loss"] for k in "abcde"}
    te = {k: curves[f"{k}_test_loss"] for k in "abcde"}
    assert tr["a"][-1] > 5 * tr["a"][0] and te["a"][-1] > 5 * te["a"][0]  # too large: both explode
    assert tr["b"][-1] < 0.1 and te["b"][-1] > 3 * tr["b"][-1] and te["b"].argmin() >= len(te["b"]) - 5  # gap
    assert np.ptp(tr["c"]) < 1e-3 and abs(tr["c"][0] - np.log(10)) < 1e-3  # dead: flat at ln 10
    assert tr["d"][-1] < 0.05 and te["d"][-1] > te["d"].min() + 0.5  # overfitting: test loss climbs back
    assert 0 < tr["e"][0] - tr["e"][-1] < 0.3 and np.all(np.diff(tr["e"]) < 0)  # too small: slow, steady


def test_bug_locations_are_what_the_bugs_corrupt(helpers):
    """Each planted bug changes exactly the gradients listed in BUG_LOCATIONS (PyTorch as the oracle)."""
    rng = np.random.default_rng(0)
    for trial in range(3):
        X = rng.normal(size=(7, 4))
        y = rng.integers(0, 3, size=7)
        params = {"W1": rng.normal(size=(4, 5)), "b1": rng.normal(size=5), "W2": rng.normal(size=(5, 3)),
                  "b2": rng.normal(size=3)}
        right = ps5_bug_hunt._torch_grads(X, y, params, 0.1)
        for impl, expected in ps5_answers.BUG_LOCATIONS.items():
            grads = helpers[f"backward_{impl}"](X, y, params, 0.1)
            wrong = {k for k in ps5_answers.PARAM_NAMES
                     if not np.allclose(grads[k], right[k], rtol=1e-9, atol=1e-12)}
            assert wrong == expected, (trial, impl, wrong)


@pytest.mark.parametrize("name", ["fix_1", "fix_2", "fix_3"])
def test_unchanged_config_is_not_a_fix(name):
    with pytest.raises(CheckFailure, match="symptom"):
        getattr(ps5, name)(lambda config: dict(config))


def test_dead_oracle_edge_cases():
    cases = {what: ps5_dead_units._dead_oracle(p, X) for what, p, X in ps5_dead_units._dead_cases()}
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


class _Steep(torch.nn.Module):
    """A float32 fit with steep (but continuous) transitions and large logits."""

    def __init__(self, N):
        super().__init__()
        self.N = N
        self.w = torch.nn.Parameter(torch.full((1,), 3e3))

    def forward(self, x):
        return self.w * torch.tanh(-40.0 * torch.cos(torch.pi * x * 2**self.N))


def test_continuity_catches_a_rounded_input_and_passes_a_smooth_fit():
    with pytest.raises(CheckFailure, match="continuously"):
        ps5_alternating._check_alternating(lambda N, seed: _Rounded(N), 3)
    ps5_alternating._check_alternating(lambda N, seed: _Smooth(N), 4)
    ps5_alternating._check_alternating(lambda N, seed: _Steep(N), 4)
    ps5_alternating._check_alternating(lambda N, seed: _Smooth(N).double().float(), 3)


def test_bug_location_says_how_many_never_which():
    right = {k: sorted(v) for k, v in ps5_answers.BUG_LOCATIONS.items()}
    with pytest.raises(CheckFailure) as caught:
        ps5.bug_location({**right, "impl2": ["W1"]})
    message = str(caught.value)
    assert message.startswith("bug_location does not list exactly") and "1 of the 3" in message
    assert "impl2" not in message and "few" not in message


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
        with pytest.raises(AssertionError, match=r"^2 of the 5 labels do not match") as caught:
            run("diagnosis", {**diag, "a": np.str_("learning_rate_too_small"),
                              "e": np.str_("learning_rate_too_large")})
        assert not re.search(r"\([a-e]\)|'[a-e]'", str(caught.value))  # never which
        with pytest.raises(AssertionError, match="case-sensitive"):
            run("bug_location", {**locations, "impl3": np.str_("w2")})
