"""Checks of problem set 2, section 3: the MLP (init, forward, cross-entropy, backward, vectorization,
SGD step)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

import autograder.judge as judge
from autograder.checklib import (
    CheckFailure,
    RuleBroken,
    assert_close,
    call,
    fail,
    is_close,
    rng_for,
    tolerances,
)
from autograder.checks.ps2.oracles import (
    mlp_hints,
    np_forward,
    np_softmax,
    num_layers,
    oracle_mlp,
    random_params,
)
from autograder.checks.ps2.rules import ERROR_HINTS, call_named, numpy_only
from autograder.checks.ps2.values import (
    arrays_in,
    as_plain_array,
    as_plain_float,
    grads_dict,
    same_values,
    tuple_of,
)
from autograder.oracles import tensor, torch_module
from autograder.student_objects import (
    call_echo,
    call_kept,
    count_lines,
    held,
    plain_container,
)


def _check_probs(raw: Any, X, params, activation, name: str, context: str,
                 default: bool = False) -> None:
    N = X.shape[0]
    K = params[f"W{num_layers(params)}"].shape[1]
    probs = as_plain_array(raw, f"probs from {name}", (N, K), finite=False)
    if not np.isfinite(probs).all():
        fail(f"the probabilities from {name} contain NaN or inf {context}: compute the softmax "
             "stably by subtracting each row's maximum before exponentiating")
    expected, _ = oracle_mlp(X, None, params, activation)
    hints = [
        (np_forward(X, params, activation, "softmax_axis0")[0],
         "the softmax is normalised over the batch (axis 0) instead of over the classes of each row"),
        (np_forward(X, params, activation, "activation_on_output")[0],
         "the hidden activation is also applied to the output layer: softmax takes Z_L directly"),
    ]
    if num_layers(params) > 1:
        message = (f"without an activation argument, the hidden layers must use the default, "
                   f"activation={activation!r}") if default else \
            f"the hidden layers do not use activation={activation!r}"
        hints.append((np_forward(X, params, activation, "wrong_activation")[0], message))
    assert_close(probs, expected, f"probs from {name}", raw=raw, hints=hints, ratio_hint=False,
                 context=context)


_MLP_CASES = [
    # (N, sizes, activation, logit scale)
    (1, [6, 5, 4], "sigmoid", 1.0),
    (7, [6, 5, 4], "relu", 1.0),
    (13, [8, 7, 6, 3], "sigmoid", 1.0),
    (5, [4, 9, 8, 7, 5], "relu", 1.0),
    (9, [6, 5, 5, 5, 3], "relu", 1.0),
    (3, [5, 4], "sigmoid", 1.0),
    (6, [6, 5, 4], "relu", 300.0),
    (4, [7, 6, 5, 10], "sigmoid", 800.0),
]


def _mlp_case(seed: int, N, sizes, scale):
    rng = rng_for(seed)
    params = random_params(rng, sizes)
    L = len(sizes) - 1
    params[f"W{L}"] = params[f"W{L}"] * scale
    params[f"b{L}"] = params[f"b{L}"] * scale
    X = rng.normal(size=(N, sizes[0]))
    y = rng.integers(0, sizes[-1], size=N)
    return X, y, params


def _context(N, sizes, activation, scale) -> str:
    big = " with large logits" if scale > 1 else ""
    return f"for N={N}, sizes={sizes}, activation={activation!r}{big}"


def mlp_forward(student_forward: Callable) -> None:
    """mlp_forward vs torch softmax: several depths, both activations, N = 1, large logits."""
    name = "mlp_forward"
    numpy_only((student_forward, name))
    for i, (N, sizes, activation, scale) in enumerate(_MLP_CASES):
        X, _, params = _mlp_case(3000 + i, N, sizes, scale)
        result = call_named(student_forward, X, params, activation=activation, name=name,
                       arg_names=["X", "params"], named=("overflow",))
        probs_raw, _ = tuple_of(result, 2, name, "(probs, cache)")
        _check_probs(probs_raw, X, params, activation, name, _context(N, sizes, activation, scale))
    X, _, params = _mlp_case(3100, 5, [6, 4, 3], 1.0)
    result = call(student_forward, X, params, name=name, arg_names=["X", "params"])
    probs_raw, _ = tuple_of(result, 2, name, "(probs, cache)")
    _check_probs(probs_raw, X, params, "sigmoid", name, "with the default activation (sigmoid)",
                 default=True)


def cross_entropy(student_ce: Callable) -> None:
    """cross_entropy(probs, y) vs torch NLL on moderate probabilities; N from 1, K from 2."""
    numpy_only((student_ce, "cross_entropy"))
    rng = rng_for(2004)
    for N, K in [(1, 10), (5, 3), (40, 10), (8, 2), (16, 7)]:
        probs = np_softmax(rng.normal(0.0, 1.5, size=(N, K)))
        y = rng.integers(0, K, size=N)
        raw = call_named(student_ce, probs, y, name="cross_entropy", arg_names=["probs", "y"],
                    named=("one_hot_index", "row_index"))
        got = as_plain_float(raw, "cross_entropy(probs, y)")
        torch = torch_module()
        expected = float(torch.nn.functional.nll_loss(torch.log(tensor(probs)),
                                                      torch.as_tensor(y)))
        logp = np.log(probs)
        picked = logp[np.arange(N), y]
        hints = [
            (-picked.sum(), "cross_entropy sums over the batch; it must be the mean over the N "
                            "examples"),
            (-picked.sum() / (N * K), "cross_entropy divides by N·K; average over the N examples "
                                      "only"),
            (-logp.mean(), "cross_entropy uses the probabilities of every class; only the "
                           "probability of the correct class y counts"),
            (-logp.sum(axis=1).mean(), "cross_entropy uses the probabilities of every class; only "
                                       "the probability of the correct class y counts"),
            (-(picked / np.log(10.0)).mean(), "cross_entropy uses log10; use the natural log"),
            (-logp[:, y].mean(), "probs[:, y] picks whole columns; pick one entry per row with "
                                 "probs[np.arange(N), y]"),
            (-logp.sum(), "cross_entropy sums −log over every class of every example; only the "
                          "probability of the correct class y counts, averaged over the examples"),
        ]
        rows = "probs[y] picks whole rows (the rows numbered by the labels); pick one entry per row " \
               "with probs[np.arange(N), y]"
        if y.max() < N:  # probs[y] exists
            if abs(logp[y].mean() - logp.mean()) < 1e-9 * abs(logp.mean()):  # the same rows
                rows = ("cross_entropy uses the probabilities of every class of whole rows (probs[y] "
                        "picks whole rows); only the probability of the correct class y counts: pick "
                        "one entry per row with probs[np.arange(N), y]")
            hints[:0] = [(-logp[y].mean(), rows), (-logp[y].sum(axis=1).mean(), rows)]
        if N >= 2:
            hints.append((-logp[np.eye(K, dtype=np.int64)[y]].mean(),
                          "one-hot values used as indices (probs[Y] with Y one-hot picks rows 0 and 1); "
                          "pick probs[np.arange(N), y] with the integer labels"))
        assert_close(np.array(got), np.array(expected), "cross_entropy(probs, y)", raw=raw,
                     hints=hints, factors={"the batch size": N, "the number of classes": K},
                     context=f"for N={N}, K={K}")


def mlp_backward_single(student_single: Callable) -> None:
    """mlp_backward_single(x, y, params, activation) vs torch autograd for one example."""
    name = "mlp_backward_single"
    numpy_only((student_single, name))
    cases = [(0, [6, 5, 4], "sigmoid"), (1, [6, 5, 4], "relu"), (2, [7, 6, 5, 3], "sigmoid"),
             (3, [6, 5, 5, 5, 3], "relu"), (4, [5, 4], "sigmoid"), (5, [3, 8, 2], "relu")]
    for seed, sizes, activation in cases:
        rng = rng_for(4000 + seed)
        params = random_params(rng, sizes)
        x = rng.normal(size=sizes[0])
        y = int(rng.integers(0, sizes[-1]))
        grads = call_named(student_single, x, y, params, activation, name=name,
                      arg_names=["x", "y", "params", "activation"],
                      named=("transpose", "one_hot_index", "overflow"))
        _, expected = oracle_mlp(x[None, :], np.array([y]), params, activation)
        got = grads_dict(grads, params, name)
        for key in params:
            actual, raw = got[key]
            assert_close(actual, expected[key], f"the gradient for {key}", raw=raw,
                         hints=mlp_hints(x[None, :], np.array([y]), params, activation, key, True),
                         context=f"for sizes={sizes}, activation={activation!r}")


def mlp_backward(student_forward: Callable, student_backward: Callable) -> None:
    """mlp_backward(cache, y) vs torch autograd of the mean loss; batches from 1, large logits."""
    name = "mlp_backward"
    numpy_only((student_backward, name))
    for i, (N, sizes, activation, scale) in enumerate(_MLP_CASES):
        X, y, params = _mlp_case(5000 + i, N, sizes, scale)
        try:
            result = call(student_forward, X, params, activation=activation, name="mlp_forward",
                          arg_names=["X", "params"])
            probs_raw, cache = tuple_of(result, 2, "mlp_forward", "(probs, cache)")
            probs = as_plain_array(probs_raw, "probs from mlp_forward", (N, sizes[-1]), finite=False)
            ok = is_close(probs, oracle_mlp(X, None, params, activation)[0], *tolerances(probs_raw))
        except CheckFailure:
            ok = False
        if not ok:
            fail(f"{name} is graded on the cache of your mlp_forward, and mlp_forward is wrong "
                 "(see its test): fix mlp_forward first")
        # cache is the student's own value (any type; a copy, or a reference to an object left in
        # the kernel): compare the arrays reachable in it as the call left them on the kernel's side.
        before, y_before = arrays_in(cache), y.copy()
        try:
            grads, after = call_echo(student_backward, cache, y, name=name)
        except RuleBroken:
            raise
        except CheckFailure as exc:
            message = str(exc)
            for kind in ("transpose", "one_hot_index", "row_index"):
                needles, hint = ERROR_HINTS[kind]
                if message.startswith(f"{name} raised ") and any(n.lower() in message.lower()
                                                                 for n in needles):
                    fail(f"{message}. Likely cause: {hint}")
            raise
        if not same_values(after[1], y_before):
            fail(f"{name} modified its argument y")
        now = arrays_in(after[0])
        if any(path in now and not same_values(now[path], a) for path, a in before.items()):
            fail(f"{name} modified arrays in its argument cache (e.g. probs): copy before changing "
                 "them in place")
        _, expected = oracle_mlp(X, y, params, activation)
        got = grads_dict(grads, params, name)
        context = _context(N, sizes, activation, scale)
        for key in params:
            actual, raw = got[key]
            assert_close(actual, expected[key], f"the gradient for {key}", raw=raw,
                         hints=mlp_hints(X, y, params, activation, key),
                         factors={"the batch size": N, "the number of classes": sizes[-1]},
                         context=context)


def mlp_vectorized(student_forward: Callable, student_backward: Callable) -> None:
    """mlp_forward and mlp_backward correct and free of per-example loops (line events vs N)."""
    numpy_only((student_forward, "mlp_forward"), (student_backward, "mlp_backward"))
    sizes = [20, 16, 12, 10]
    rng = rng_for(2005)
    params = random_params(rng, sizes)
    for activation in ("sigmoid", "relu"):
        counts = {}
        for N in (2, 256):
            X = rng.normal(size=(N, sizes[0]))
            y = rng.integers(0, sizes[-1], size=N)
            fwd_lines, result = count_lines(student_forward, X, params, activation=activation,
                                             name="mlp_forward")
            probs_raw, cache = tuple_of(result, 2, "mlp_forward", "(probs, cache)")
            expected_probs, expected = oracle_mlp(X, y, params, activation)
            probs = as_plain_array(probs_raw, "probs from mlp_forward", expected_probs.shape)
            if not is_close(probs, expected_probs, *tolerances(probs_raw)):
                fail("mlp_forward is wrong (see its test): fix mlp_forward first; its "
                     "vectorization is graded once its values are correct")
            try:
                bwd_lines, grads = count_lines(student_backward, cache, y, name="mlp_backward")
            except RuleBroken:
                raise
            except CheckFailure as exc:
                fail(f"{exc} — fix mlp_backward first (see its test); its vectorization is graded "
                     "once its values are correct")
            got = grads_dict(grads, params, "mlp_backward")
            for key in params:
                if not is_close(got[key][0], expected[key], *tolerances(got[key][1])):
                    fail("mlp_backward is wrong (see its test): fix mlp_backward first; its "
                         "vectorization is graded once its values are correct")
            counts[N] = (fwd_lines, bwd_lines)
        for which, name in enumerate(("mlp_forward", "mlp_backward")):
            small, large = counts[2][which], counts[256][which]
            if large > 1.5 * small + 100:
                fail(f"{name} runs Python code once per example (its work in Python grows with the "
                     "batch size): replace the loop over examples by matrix operations on the "
                     "whole batch")


def sgd_step(student_sgd: Callable) -> None:
    """sgd_step updates every parameter array in place (the same objects) and returns params.

    The dicts live on the student's side (`held`) and the result stays there (`call_kept`): which
    array sits where after the call is judged on the kernel's own objects (`judge.item_ref` gives the
    same reference for the same object), their values fetched from there."""
    name = "sgd_step"
    numpy_only((student_sgd, name))
    rng = rng_for(2006)
    for lr, sizes in [(0.3, [3, 4, 2]), (0.05, [5, 1, 3, 2])]:
        local_params = random_params(rng, sizes)
        grads = {k: rng.normal(size=v.shape) for k, v in local_params.items()}
        before = {k: v.copy() for k, v in local_params.items()}
        grads_before = {k: v.copy() for k, v in grads.items()}
        held_params, held_grads = held(student_sgd, local_params), held(student_sgd, grads)
        params = judge.item_ref(held_params, 0)  # the dict sgd_step receives, on its side
        originals = {k: judge.item_ref(params, k) for k in before}
        kept = call_kept(student_sgd, held_params, held_grads, lr, name=name)
        grads_after = judge.fetch(judge.item_ref(held_grads, 0))
        if not isinstance(grads_after, dict) or sorted(map(str, grads_after)) != sorted(grads) \
                or any(not same_values(grads_after[k], v) for k, v in grads_before.items()):
            fail(f"{name} modified its argument grads")
        result = plain_container(judge.fetch(kept))
        if result is None:
            fail(f"{name} must return params (the same dict, updated in place)")
        if not isinstance(result, Mapping) or sorted(map(str, result)) != sorted(before):
            fail(f"{name} must return params, the dict it was given, with the same keys")
        for k in before:
            original = originals[k]
            now = judge.fetch(original)  # the original array's values after the call
            expected = before[k] - lr * grads_before[k]
            if np.array_equal(now, before[k]):
                returned = as_plain_array(result[k], f"params['{k}']", before[k].shape)
                if judge.item_ref(params, k) is not original \
                        or not is_close(returned, before[k], 1e-12, 0.0):
                    fail(f"{name} creates new arrays (params[k] = params[k] - ...) instead of "
                         "updating each parameter array in place, e.g. params[k] -= lr * grads[k]")
                fail(f"{name} did not update params['{k}']: every parameter must take a step")
            assert_close(np.array(now, dtype=np.float64), expected, f"the updated {k}",
                         raw=now,
                         hints=[(before[k] + lr * grads_before[k],
                                 f"{name} adds the gradient (gradient ascent); subtract it"),
                                (before[k] - grads_before[k], f"{name} ignores the learning rate lr")],
                         ratio_hint=False)
            if judge.item_ref(params, k) is not original or judge.item_ref(kept, k) is not original:
                fail(f"{name} must update the parameter arrays in place and return params holding "
                     "the same array objects")

