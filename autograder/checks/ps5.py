"""Hidden checks of problem set 5: diagnosing and debugging training.

Each public function is one hidden test (`autograder.run_check("ps5", "<name>", ...)`):

- `diagnosis`: the labels of the five curve scenarios, case-insensitive, against `ACCEPTED`. The
  scenarios' configurations are hidden (`autograder.ps5_scenarios`, grader-only); students see only
  the curves. A wrong diagnosis is told how many labels do not match, never which.
- `fix_1`, `fix_2`, `fix_3`: the returned configuration is validated (same keys, same epoch budget
  and seed, hidden size <= 256, batch size >= 8, input not modified) and then trained by the
  notebook's own trainer (`train_mlp` of the `ps5-trainer` helper cell, PyTorch autograd), executed
  here from the instructor's source notebook, never from the student's kernel: the final training loss
  must be below 1.0 and at most half of the loss after the first epoch, and the test loss must end
  below its first-epoch value.
- `fit_alternating_3`, `fit_alternating_4`: the student's `fit_alternating(N, seed)` for seeds 1 and
  2 (seed 0 is the visible test's): a `torch.nn.Module` with trainable parameters, 100 % training
  accuracy (logit > 0 means label 1), at most `SECONDS_PER_FIT` per call on an idle machine (stretched
  by the load average, so that a busy grader does not fail a valid answer; the check's own time limit
  bounds a slow answer), and an output that varies continuously between training points (a jump is
  hunted down by bisection, with tolerances scaled to the output's dtype: lookup tables and rounded
  inputs fail, float32 models pass).
- `bug_location`: the parameters whose gradients each given buggy backward corrupts
  (`BUG_LOCATIONS`, case-sensitive names; a single name or any collection of names). A wrong answer is
  told how many implementations are wrong, never which.
- `fixed_backward`: gradients of the mean softmax cross-entropy + (reg/2)(|W1|^2 + |W2|^2) against
  PyTorch float64 autograd, on random shapes (a batch of 1, large logits included).
- `dead_fraction`: the fraction of first-layer ReLU units whose output is zero on every input,
  against a direct computation, on edge cases (all dead, none dead, dead on some inputs only,
  pre-activation exactly zero).

These checks run in the grader (`autograder.judge`): the student's functions and models are proxies,
every call computed in the kernel and answered with plain data. Answers that are plain data (dicts,
lists, strings, numbers, arrays, tensors) arrive as copies; anything else (a dict or str subclass, an
`nn.Module`) stays in the kernel and is read through the proxy: a dict subclass is read key by key, a
str subclass as the plain string it holds, the model's parameters are mirrored and its outputs come
back by value. The trainer, the oracles and the accepted answers never enter the kernel.
"""

from __future__ import annotations

import functools
import math
import os
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from autograder import judge
from autograder.checklib import GraderFault, as_array, as_float, assert_close, call, fail, rng_for
from autograder.ps5_scenarios import notebook_helpers

JUDGED_BY_GRADER = True

# ----------------------------------------------------------------------------- answer sets
# The model answer of source/ps5_debugging/ps5_debugging.ipynb publishes the same sets to graders.

LABELS = (
    "overfitting", "underfitting", "learning_rate_too_small", "learning_rate_too_large",
    "dead_or_saturated_units", "generalization_gap", "bug_in_gradient",
)
ACCEPTED = {
    "a": frozenset({"learning_rate_too_large"}),
    "b": frozenset({"generalization_gap", "overfitting"}),
    "c": frozenset({"dead_or_saturated_units"}),
    "d": frozenset({"overfitting"}),
    "e": frozenset({"learning_rate_too_small"}),
}
PARAM_NAMES = ("W1", "b1", "W2", "b2")
BUG_LOCATIONS = {
    "impl1": frozenset({"b2"}),
    "impl2": frozenset({"W1", "b1"}),
    "impl3": frozenset({"W2"}),
}


def _type(value: Any) -> str:
    """The class name of a student's value (of the kernel's object, for a proxy)."""
    return judge.type_name(value).rpartition(".")[2]


def _plain_str(value: Any, name: str) -> str:
    """A student's string as a plain `str` (a subclass cannot bring its own __eq__ or lower())."""
    if isinstance(value, str):
        return "".join([value])
    if judge.is_remote(value) and judge.remote_isinstance(value, "builtins.str"):
        # a str subclass (np.str_, ...) stays in the kernel: str's own methods return a plain copy
        text = value.removeprefix("")
        if type(text) is str:
            return text
    fail(f"{name} must be a string, not {_type(value)}")


def _mapping(value: Any) -> Mapping | None:
    """A student's dict as a local mapping: plain dicts arrive as copies; a dict subclass stays in the
    kernel and is read key by key through the proxy. None for anything else."""
    if isinstance(value, Mapping):
        return value
    if judge.is_remote(value) and judge.remote_isinstance(value, "builtins.dict"):
        return {k: value[k] for k in list(value.keys())}
    return None


def _how_many(n: int, total: int, what: str) -> str:
    return f"{n} of the {total} {what}"


# ----------------------------------------------------------------------------- 1. diagnosis

def diagnosis(diag: Any) -> None:
    """diagnosis["a"] ... ["e"]: labels of the vocabulary, compared case-insensitively. A wrong answer
    is told how many labels do not match, never which (five guesses must not find the key)."""
    mapping = _mapping(diag)
    if mapping is None:
        fail(f"diagnosis must be a dict with the keys 'a' to 'e', not {_type(diag)}")
    diag = mapping
    labels = {}
    for key in "abcde":
        if key not in diag:
            fail(f"diagnosis has no entry {key!r}: set diagnosis['a'] to diagnosis['e']")
        label = _plain_str(diag[key], f"diagnosis[{key!r}]").strip().lower()
        if label not in LABELS:
            fail(f"diagnosis[{key!r}] is not one of the labels of the vocabulary (check the spelling; "
                 "the labels are listed in the notebook)")
        labels[key] = label
    wrong = sum(labels[k] not in ACCEPTED[k] for k in "abcde")
    if wrong:
        fail(f"{_how_many(wrong, 5, 'labels')} do not match what the curves show: for each scenario, "
             "ask what its cause would do to the training and to the test curve")


# ----------------------------------------------------------------------------- 2. fixes
# The trainer is the notebook's own (`ps5-trainer` helper cell of the source notebook), executed here by
# `autograder.ps5_scenarios.notebook_helpers`: one trainer, never the student's copy from the kernel.

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
        fail(f"{name} must be a number, not {_type(value)}")
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
    mapping = _mapping(config)
    if mapping is None:
        fail(f"{fn_name} must return a dict (a configuration), not {_type(config)}")
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
    cfg["activation"] = _plain_str(activation, "activation")
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


# ----------------------------------------------------------------------------- 3. alternating points

SECONDS_PER_FIT = 15.0  # per call, wall time on an idle grading machine (the model solution: about 1 s)
MAX_SECONDS_PER_FIT = 40.0  # the most a busy machine is allowed (two calls stay within the time limit)
HIDDEN_SEEDS = (1, 2)  # seed 0 is the visible test's


def _alternating_points(N: int) -> tuple[np.ndarray, np.ndarray]:
    """The grader's copy of utils.data.alternating_points: 2**N points k/2**N, labels k % 2."""
    k = np.arange(2**N)
    return (k / 2.0**N).reshape(-1, 1), k % 2


def _model_outputs(model: Any, x: np.ndarray, what: str) -> tuple[np.ndarray, Any]:
    """The model's logits for inputs x (float32, as the task states), as float64, and the raw output."""
    import torch

    xt = torch.tensor(x, dtype=torch.float32)
    with torch.no_grad():
        out = call(model, xt, name="the returned model", arg_names=["x"])
    got = as_array(out, f"{what} (the model's output for x of shape {tuple(x.shape)})", (len(x), 1))[:, 0]
    return got, out


def _eps(raw: Any) -> float:
    """Machine epsilon of the model's output dtype (float32 for PyTorch's default modules)."""
    dtype = getattr(raw, "dtype", None)
    name = str(dtype).rpartition(".")[2] if dtype is not None else "float64"
    return {"float16": 2.0**-10, "bfloat16": 2.0**-7, "float32": 2.0**-23}.get(name, 2.0**-52)


def _continuity(model: Any, N: int, seed: int) -> None:
    """Fail if the model's output jumps somewhere between the training points (tolerances scaled to
    the output's dtype: float32 rounding in a steep but continuous fit is no jump)."""
    lo, hi = 0.0, 1.0 - 2.0**-N
    grid = np.linspace(lo, hi, 2048 * 2**N // 8 + 1).reshape(-1, 1)
    f, raw = _model_outputs(model, grid, "model(x)")
    eps = _eps(raw)
    spread = max(float(f.max() - f.min()), 1.0)
    noise = 64 * eps * max(float(np.abs(f).max()), 1.0)  # a few ulps of the output, summed over layers
    width = max(2e-6, 64 * eps)  # bisect no finer than the float32 input can resolve
    jumps = np.abs(np.diff(f))
    for k in np.argsort(jumps)[::-1][:3]:
        a, b = float(grid[k, 0]), float(grid[k + 1, 0])
        fa, fb = f[k], f[k + 1]
        while b - a > width:
            m = 0.5 * (a + b)
            fm = _model_outputs(model, np.array([[m]]), "model(x)")[0][0]
            if abs(fm - fa) >= abs(fb - fm):
                b, fb = m, fm
            else:
                a, fa = m, fm
        if abs(fb - fa) > max(0.01 * spread, 1e-3, noise):
            fail(f"the model of fit_alternating({N}, {seed}) jumps between training points: its output must "
                 "vary continuously with the input (no lookup table, no rounding of the input)")


def _seconds_per_fit() -> float:
    """The per-call limit, stretched by how busy the machine is (the kernel runs on it too): a valid
    answer does not fail because other submissions are graded at the same time."""
    try:
        busy = os.getloadavg()[0] / max(os.cpu_count() or 1, 1)
    except OSError:
        busy = 1.0
    return min(SECONDS_PER_FIT * max(1.0, busy), MAX_SECONDS_PER_FIT)


def _check_alternating(fit: Any, N: int) -> None:
    X, y = _alternating_points(N)
    for seed in HIDDEN_SEEDS:
        limit = _seconds_per_fit()
        started = time.perf_counter()
        model = call(fit, N, seed, name="fit_alternating", arg_names=["N", "seed"])
        elapsed = time.perf_counter() - started
        if not judge.remote_isinstance(model, "torch.nn.Module"):
            fail(f"fit_alternating must return a torch.nn.Module, not {_type(model)}")
        if elapsed > max(limit, _seconds_per_fit()):
            fail(f"fit_alternating({N}, {seed}) took more than {SECONDS_PER_FIT:.0f} s (the limit per call): "
                 "train fewer steps, or stop once every point is right")
        if not any(p.requires_grad and p.numel() > 0 for p in model.parameters()):
            fail("the returned model has no trainable parameters (a network trained by gradient descent "
                 "has some)")
        model.eval()
        logits = _model_outputs(model, X, "model(x)")[0]
        wrong = int(np.sum((logits > 0).astype(int) != y))
        if wrong:
            fail(f"fit_alternating({N}, {seed}) misclassifies {wrong} of the {len(y)} training points: "
                 "the training accuracy must be 100 % (label 1 where the logit is > 0; the model must "
                 "return logits, not probabilities)")
        _continuity(model, N, seed)


def fit_alternating_3(fit: Any) -> None:
    """fit_alternating(3, seed) for seeds 1 and 2."""
    _check_alternating(fit, 3)


def fit_alternating_4(fit: Any) -> None:
    """fit_alternating(4, seed) for seeds 1 and 2."""
    _check_alternating(fit, 4)


# two fits and the continuity probes: a slow answer is stopped here, whatever the machine's load
fit_alternating_3.time_limit = 2 * MAX_SECONDS_PER_FIT + 10
fit_alternating_4.time_limit = 2 * MAX_SECONDS_PER_FIT + 10


# ----------------------------------------------------------------------------- 4. bug hunt

def _names(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    elif judge.is_remote(value) and judge.remote_isinstance(value, "builtins.str"):
        items = [value]  # a str subclass, read as the plain string it holds (`_plain_str`)
    elif judge.is_remote(value) and any(judge.remote_isinstance(value, f"builtins.{kind}")
                                        for kind in ("list", "tuple", "set", "frozenset")):
        items = list(value)  # a subclass of a collection: its items, iterated in the kernel
    else:
        fail(f"{where} must be a parameter name or a list/set of names, not {_type(value)}")
    names = set()
    for item in items:
        name = _plain_str(item, f"each name in {where}").strip()
        if name not in PARAM_NAMES:
            if name.lower() in {p.lower() for p in PARAM_NAMES}:
                fail(f"{where}: parameter names are case-sensitive (W1, b1, W2, b2)")
            fail(f"{where} contains {name[:20]!r}, which is not a parameter name (W1, b1, W2, b2)")
        names.add(name)
    return frozenset(names)


def bug_location(locations: Any) -> None:
    """bug_location["impl1"] ... ["impl3"]: the parameters whose gradients are wrong."""
    mapping = _mapping(locations)
    if mapping is None:
        fail(f"bug_location must be a dict with the keys 'impl1', 'impl2', 'impl3', not "
             f"{_type(locations)}")
    locations = mapping
    wrong = 0
    for impl, expected in BUG_LOCATIONS.items():
        if impl not in locations:
            fail(f"bug_location has no entry {impl!r}")
        got = _names(locations[impl], f"bug_location[{impl!r}]")
        if not got:
            fail(f"bug_location[{impl!r}] is empty: each implementation has a bug")
        wrong += got != expected
    if wrong:
        fail(f"bug_location does not list exactly the parameters with wrong gradients for "
             f"{_how_many(wrong, 3, 'implementations')}: read the gradient-check tables again")


def _torch_grads(X, y, params, reg):
    import torch

    t = {k: torch.tensor(np.asarray(params[k], dtype=np.float64), requires_grad=True) for k in PARAM_NAMES}
    Xt = torch.tensor(np.asarray(X, dtype=np.float64))
    scores = torch.relu(Xt @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    loss = torch.nn.functional.cross_entropy(scores, torch.tensor(np.asarray(y, dtype=np.int64))) \
        + 0.5 * reg * ((t["W1"] ** 2).sum() + (t["W2"] ** 2).sum())
    grads = torch.autograd.grad(loss, [t[k] for k in PARAM_NAMES])
    return {k: g.numpy() for k, g in zip(PARAM_NAMES, grads, strict=True)}


def _mistaken_grads(X, y, params, reg) -> dict[str, list[tuple[np.ndarray, str]]]:
    """Per parameter: (wrong gradient, message) of the planted bugs and other typical mistakes."""
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=np.float64) for k in PARAM_NAMES)
    n = len(X)
    z = X @ W1 + b1
    h = np.maximum(z, 0.0)
    s = h @ W2 + b2
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(n), y] -= 1.0
    ds = p / n
    dh = ds @ W2.T
    dz = dh * (z > 0)
    dz_wrong_mask = dh * (dh > 0)
    return {
        "W1": [(X.T @ dz_wrong_mask + reg * W1, "grads['W1'] still takes the ReLU derivative from the wrong "
                "array (the mask must come from the forward pre-activation)"),
               (X.T @ dz, "grads['W1'] lacks the regularization term reg·W1"),
               (X.T @ dz + 2 * reg * W1, "grads['W1'] has the regularization gradient doubled: the "
                "derivative of (reg/2)‖W1‖² is reg·W1")],
        "b1": [(dz_wrong_mask.sum(axis=0), "grads['b1'] still takes the ReLU derivative from the wrong array "
                "(the mask must come from the forward pre-activation)"),
               (dz.sum(axis=0) + reg * b1, "grads['b1'] has a regularization term, but the biases are not "
                "regularized")],
        "W2": [(h.T @ ds, "grads['W2'] lacks the regularization term reg·W2"),
               (h.T @ ds + 2 * reg * W2, "grads['W2'] has the regularization gradient doubled: the "
                "derivative of (reg/2)‖W2‖² is reg·W2")],
        "b2": [(p.sum(axis=0), "grads['b2'] is not divided by the number of examples N (the loss is a mean)"),
               (ds.sum(axis=0) + reg * b2, "grads['b2'] has a regularization term, but the biases are not "
                "regularized")],
    }


def fixed_backward(backward: Any) -> None:
    """fixed_backward(X, y, params, reg) against PyTorch float64 on random shapes."""
    rng = rng_for(5)
    #        N   D  H   C  reg   logit scale
    cases = [(1, 3, 4, 2, 0.0, 1.0), (5, 4, 6, 3, 0.1, 1.0), (8, 7, 5, 4, 0.05, 1.0),
             (3, 5, 8, 10, 0.3, 300.0), (16, 6, 10, 3, 1.0, 1.0)]
    for N, D, H, C, reg, scale in cases:
        X = rng.normal(size=(N, D))
        y = rng.integers(0, C, size=N)
        params = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H) * 0.5,
                  "W2": rng.normal(size=(H, C)) * scale, "b2": rng.normal(size=C) * 0.5}
        context = f"for N={N}, D={D}, H={H}, C={C}, reg={reg}" + (" (large logits)" if scale > 1 else "")
        grads = call(backward, X, y, params, reg, name="fixed_backward",
                     arg_names=["X", "y", "params", "reg"])
        mapping = _mapping(grads)
        if mapping is None:
            fail(f"fixed_backward must return a dict of gradients, not {_type(grads)}")
        grads = mapping
        keys = set(grads.keys())
        if keys != set(PARAM_NAMES):
            fail("fixed_backward must return a dict with exactly the keys W1, b1, W2, b2 (like params)")
        expected = _torch_grads(X, y, params, reg)
        hints = _mistaken_grads(X, y, params, reg)
        for name in PARAM_NAMES:
            raw = grads[name]
            got = as_array(raw, f"grads[{name!r}]", params[name].shape)
            assert_close(got, expected[name], f"grads[{name!r}]", raw=raw, hints=hints[name], context=context)


# ----------------------------------------------------------------------------- 5. dead units

def _dead_oracle(params: Mapping[str, np.ndarray], X: np.ndarray) -> float:
    pre = np.asarray(X, dtype=np.float64) @ np.asarray(params["W1"], dtype=np.float64) \
        + np.asarray(params["b1"], dtype=np.float64)
    return float(np.mean(np.all(pre <= 0, axis=0)))


def _dead_cases() -> list[tuple[str, dict[str, np.ndarray], np.ndarray]]:
    rng = rng_for(7)
    cases = []
    # 1. random network; biases spread so that units are dead on all, some or no inputs
    D, H, N = 6, 12, 30
    W1 = rng.normal(size=(D, H))
    b1 = np.linspace(-4.0, 4.0, H)
    X = rng.normal(size=(N, D))
    cases.append(("a random network", {"W1": W1, "b1": b1, "W2": rng.normal(size=(H, 3)),
                                       "b2": np.zeros(3)}, X))
    # 2. every unit dead, 3. no unit dead
    cases.append(("a network whose units are all dead", {"W1": W1, "b1": np.full(H, -100.0)}, X))
    cases.append(("a network with no dead unit", {"W1": W1, "b1": np.full(H, 100.0)}, X))
    # 4. hand-made: unit 0 alive on one input only, unit 1 dead, unit 2 exactly zero on every input,
    #    unit 3 alive on all inputs, unit 4 alive on the first input only
    Xh = np.array([[-1.0, 2.0], [-2.0, 1.0], [3.0, -1.0], [-1.0, -3.0], [-0.5, 0.5]])
    W1h = np.array([[1.0, -1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0]])
    b1h = np.array([0.0, -4.0, 0.0, 1.0, -1.9])
    cases.append(("a hand-made network (units dead on some inputs only, a pre-activation exactly 0)",
                  {"W1": W1h, "b1": b1h}, Xh))
    # 5. a single input, float32
    cases.append(("a single input in float32", {"W1": W1.astype(np.float32), "b1": b1.astype(np.float32)},
                  X[:1].astype(np.float32)))
    # 6. wide layer
    W1w = rng.normal(size=(4, 50))
    cases.append(("a layer of 50 units", {"W1": W1w, "b1": rng.normal(size=50) * 3 - 2},
                  rng.normal(size=(20, 4))))
    return cases


def _dead_mistakes(pre: np.ndarray) -> list[tuple[float, str]]:
    """(value, message) of typical wrong answers for pre-activations `pre` (N, H)."""
    zero = pre <= 0
    return [
        (np.mean(np.any(zero, axis=0)), "dead_fraction counts a unit as dead when its output is zero on "
         "some input; a dead unit's output is zero on every input"),
        (np.mean(zero), "dead_fraction is the fraction of zero outputs over all (input, unit) pairs; it "
         "must be the fraction of units"),
        (np.sum(np.all(zero, axis=0)), "dead_fraction returns the number of dead units; it must return "
         "their fraction"),
        (1 - np.mean(np.all(zero, axis=0)), "dead_fraction returns the fraction of units that are alive"),
        (np.mean(np.all(zero, axis=1)), "dead_fraction averages over the wrong axis (inputs whose units "
         "are all zero, instead of units that are zero on all inputs)"),
        (np.mean(np.all(pre < 0, axis=0)), "dead_fraction misses units whose pre-activation is exactly 0: "
         "ReLU(0) = 0 is a zero output too"),
    ]


def dead_fraction(fn: Any) -> None:
    """dead_fraction(params, X) against a direct computation on edge cases.

    All cases are run first; a typical mistake is named only if it explains every case."""
    results = []
    for what, params, X in _dead_cases():
        raw = call(fn, params, X, name="dead_fraction", arg_names=["params", "X"])
        got = as_float(raw, "dead_fraction(params, X)")
        pre = np.asarray(X, dtype=np.float64) @ np.asarray(params["W1"], dtype=np.float64) \
            + np.asarray(params["b1"], dtype=np.float64)
        results.append((what, got, _dead_oracle(params, X), _dead_mistakes(pre)))
    tol = 1e-7
    failing = [r for r in results if abs(r[1] - r[2]) > tol]
    if not failing:
        return
    for k, (_, message) in enumerate(results[0][3]):
        if all(abs(got - mistakes[k][0]) <= tol for _, got, _, mistakes in results) and \
                any(abs(mistakes[k][0] - right) > tol for _, _, right, mistakes in results):
            fail(message)
    fail(f"dead_fraction(params, X) does not match the correct fraction for {failing[0][0]}")
