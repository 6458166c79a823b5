"""Checks of problem set 5, section 4: bug_location and fixed_backward (against torch float64 autograd)."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograder.judge as judge
from autograder.checklib import as_array, assert_close, call, fail, rng_for, type_label
from autograder.checks.ps5.answers import BUG_LOCATIONS, PARAM_NAMES, as_mapping, how_many, plain_str


def _names(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    elif judge.is_remote(value) and judge.remote_isinstance(value, "builtins.str"):
        items = [value]  # a str subclass, read as the plain string it holds (`plain_str`)
    elif judge.is_remote(value) and any(judge.remote_isinstance(value, f"builtins.{kind}")
                                        for kind in ("list", "tuple", "set", "frozenset")):
        items = list(value)  # a subclass of a collection: its items, iterated in the kernel
    else:
        fail(f"{where} must be a parameter name or a list/set of names, not {type_label(value)}")
    names = set()
    for item in items:
        name = plain_str(item, f"each name in {where}").strip()
        if name not in PARAM_NAMES:
            if name.lower() in {p.lower() for p in PARAM_NAMES}:
                fail(f"{where}: parameter names are case-sensitive (W1, b1, W2, b2)")
            fail(f"{where} contains {name[:20]!r}, which is not a parameter name (W1, b1, W2, b2)")
        names.add(name)
    return frozenset(names)


def bug_location(locations: Any) -> None:
    """bug_location["impl1"] ... ["impl3"]: the parameters whose gradients are wrong."""
    mapping = as_mapping(locations)
    if mapping is None:
        fail(f"bug_location must be a dict with the keys 'impl1', 'impl2', 'impl3', not "
             f"{type_label(locations)}")
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
             f"{how_many(wrong, 3, 'implementations')}: read the gradient-check tables again")


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
        mapping = as_mapping(grads)
        if mapping is None:
            fail(f"fixed_backward must return a dict of gradients, not {type_label(grads)}")
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
