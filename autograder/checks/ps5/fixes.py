"""Checks of problem set 5, section 2: fix_1, fix_2, fix_3 (a configuration validated, then trained by the
notebook's own trainer)."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from autograder.checklib import GraderFault, call, fail, type_label
from autograder.checks.ps5.answers import as_mapping, plain_str
from autograder.ps5_scenarios import notebook_helpers


@functools.cache
def _fix_data() -> dict[str, np.ndarray]:
    try:
        return notebook_helpers()["scenario_data"]()
    except (OSError, ValueError, ImportError) as exc:
        raise GraderFault(f"scikit-learn's digits data set could not be loaded ({exc})") from exc


def _train(config: Mapping[str, Any], every_epoch: bool = False) -> dict[str, np.ndarray]:
    """Train `config` on the 200-image scenario data with the notebook's trainer (one BLAS thread)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with np.errstate(all="ignore"):
            return notebook_helpers()["train_mlp"](dict(config), _fix_data(), every_epoch=every_epoch)
    finally:
        torch.set_num_threads(threads)


CONFIG_KEYS = ("lr", "init_scale", "hidden", "batch_size", "weight_decay", "epochs", "activation", "seed")
# The failing configurations the notebook gives (CONFIG_1..3 of the `ps5-fix-helpers` cell)
FAILING = {
    "1": {"lr": 5.0, "init_scale": 10.0, "hidden": 32, "batch_size": 8, "weight_decay": 0.0,
          "epochs": 40, "activation": "relu", "seed": 0},
    "2": {"lr": 1e-4, "init_scale": 1.0, "hidden": 64, "batch_size": 32, "weight_decay": 0.0,
          "epochs": 100, "activation": "relu", "seed": 0},
    "3": {"lr": 3.0, "init_scale": 1.0, "hidden": 64, "batch_size": 200, "weight_decay": 0.0,
          "epochs": 100, "activation": "tanh", "seed": 0},
}
MAX_HIDDEN = 256
MIN_BATCH = 8
TARGET_LOSS = 1.0  # the final training loss must be below this ...
TARGET_RATIO = 0.5  # ... and at most this fraction of the loss after the first epoch


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        fail(f"{name} must be a number, not {type_label(value)}")
    x = float(value)
    if not math.isfinite(x):
        fail(f"{name} must be a finite number")
    return x


def _integer(value: Any, name: str) -> int:
    x = _number(value, name)
    if x != int(x):
        fail(f"{name} must be a whole number")
    return int(x)


def _validated(config: Any, scenario: str, fn_name: str) -> dict[str, Any]:
    """The student's configuration as plain Python values, or a failure naming what is not allowed."""
    original = FAILING[scenario]
    mapping = as_mapping(config)
    if mapping is None:
        fail(f"{fn_name} must return a dict (a configuration), not {type_label(config)}")
    config = mapping
    keys = list(config.keys())
    for k in keys:
        if not isinstance(k, str) or k not in original:
            fail(f"{fn_name} returned a configuration with an unknown key {k!r}; the trainer reads only "
                 f"{', '.join(CONFIG_KEYS)}")
    for k in CONFIG_KEYS:
        if k not in keys:
            fail(f"{fn_name} returned a configuration without the key {k!r}: return a full configuration")
    cfg = {
        "lr": _number(config["lr"], "lr"),
        "init_scale": _number(config["init_scale"], "init_scale"),
        "hidden": _integer(config["hidden"], "hidden"),
        "batch_size": _integer(config["batch_size"], "batch_size"),
        "weight_decay": _number(config["weight_decay"], "weight_decay"),
        "epochs": _integer(config["epochs"], "epochs"),
        "seed": _integer(config["seed"], "seed"),
    }
    activation = config["activation"]
    cfg["activation"] = plain_str(activation, "activation")
    if cfg["epochs"] != original["epochs"]:
        fail(f"{fn_name} changed the number of epochs: the epoch budget is fixed, a fix must remove the "
             "symptom within the same number of epochs")
    if cfg["seed"] != original["seed"]:
        fail(f"{fn_name} changed the seed: a fix must work for the given seed, not by drawing other "
             "random numbers")
    if cfg["activation"] not in ("relu", "tanh"):
        fail("activation must be 'relu' or 'tanh'")
    if not 1 <= cfg["hidden"] <= MAX_HIDDEN:
        fail(f"the hidden size must be between 1 and {MAX_HIDDEN} (a bound of this exercise)")
    if cfg["batch_size"] < MIN_BATCH:
        fail(f"the batch size must be at least {MIN_BATCH} (a bound of this exercise)")
    if cfg["lr"] <= 0:
        fail("the learning rate must be positive")
    if cfg["init_scale"] <= 0:
        fail("init_scale must be positive")
    if cfg["weight_decay"] < 0:
        fail("weight_decay must not be negative")
    return cfg


def _check_fix(fix: Any, scenario: str) -> None:
    fn_name = f"fix_{scenario}"
    original = dict(FAILING[scenario])
    config = call(fix, original, name=fn_name, arg_names=["config"])
    cfg = _validated(config, scenario, fn_name)
    run = _train(cfg)
    first, last = run["train_loss"][0], run["train_loss"][-1]
    if not (math.isfinite(first) and math.isfinite(last)):
        fail(f"with the configuration {fn_name} returns, the training loss becomes NaN or inf (training "
             "diverges)")
    if not (last < TARGET_LOSS and last <= TARGET_RATIO * first):
        fail(f"with the configuration {fn_name} returns, the symptom is not gone: the training loss must "
             f"end below {TARGET_LOSS} and at most half of its first-epoch value")
    if not run["test_loss"][-1] < run["test_loss"][0]:
        fail(f"with the configuration {fn_name} returns, the symptom is not gone: the test loss does not "
             "fall (it must end below its first-epoch value)")


def fix_1(fix: Any) -> None:
    """fix_1(config): CONFIG_1 trains to a low loss within its epoch budget."""
    _check_fix(fix, "1")


def fix_2(fix: Any) -> None:
    """fix_2(config): CONFIG_2 trains to a low loss within its epoch budget."""
    _check_fix(fix, "2")


def fix_3(fix: Any) -> None:
    """fix_3(config): CONFIG_3 trains to a low loss within its epoch budget."""
    _check_fix(fix, "3")


fix_1.time_limit = 30
fix_2.time_limit = 30
fix_3.time_limit = 30
