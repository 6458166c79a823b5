"""Checks of problem set 3, section 2: the same network in PyTorch (build_model, weights_to_model,
model_to_weights, train_torch)."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import torch
from torch import nn

import autograder.judge as judge
from autograder.checklib import CheckFailure, assert_close, call, fail, is_close, rng_for, type_label
from autograder.checks.ps3.kernel_side import (
    build_twin,
    call_function_echo,
    call_keep,
    is_nn,
    param_refs,
    seed_everywhere,
    torch_state,
)
from autograder.checks.ps3.net13 import (
    F64,
    INPLACE_HINTS,
    ORDER_HINT,
    ORIENTATION_HINTS_W2M,
    SPEC13,
    WRONG,
    data13,
    exactly_equal,
    hint_from_exception,
    layout13,
    model13,
    params_np,
    read_w,
    set13,
)
from autograder.checks.ps3.values import as_plain_array, tuple_of
from autograder.oracles import tensor

_EXPECTED_TYPES = (nn.Linear, nn.Sigmoid, nn.Linear, nn.Sigmoid)
INPUTS = 3141  # seed of the check's own random inputs (a generator of its own: independent of the
                # student's model initialisation, which draws from the kernel's global RNG)


def build_model(student_build_model) -> None:
    """Sequential(Linear(d_in, hidden), Sigmoid, Linear(hidden, d_out), Sigmoid) in the given dtype."""
    cases = [((2, 3, 1), {}, F64), ((5, 4, 3), {"dtype": torch.float32}, torch.float32),
             ((1, 1, 1), {"dtype": torch.float64}, F64), ((3, 7, 2), {}, F64)]
    with torch_state(student_build_model):
        for (d_in, hidden, d_out), kwargs, dtype in cases:
            seed_everywhere(student_build_model, 0)
            label = f"build_model({d_in}, {hidden}, {d_out}" + (
                f", dtype={kwargs['dtype']})" if kwargs else ")")
            model = call(student_build_model, d_in, hidden, d_out, name="build_model", **kwargs)
            if not judge.remote_isinstance(model, "torch.nn.Sequential"):
                fail(f"{label} must return a torch.nn.Sequential, not {type_label(model)}")
            modules = list(model)
            names = [type_label(m) for m in modules]
            if len(modules) != 4:
                fail(f"{label} has {len(modules)} modules ({', '.join(names)}); it must have four: "
                     "Linear, Sigmoid, Linear, Sigmoid")
            for i, (module, kind) in enumerate(zip(modules, _EXPECTED_TYPES, strict=True)):
                if not is_nn(module, kind):
                    fail(f"module {i} of {label} is {names[i]}; it must be {kind.__name__}")
            for i, (n_in, n_out) in ((0, (d_in, hidden)), (2, (hidden, d_out))):
                lin = modules[i]
                if (lin.in_features, lin.out_features) != (n_in, n_out):
                    fail(f"module {i} of {label} is Linear({lin.in_features}, {lin.out_features}); "
                         "the first layer maps d_in to hidden, the second hidden to d_out")
                if lin.bias is None:
                    fail(f"module {i} of {label} has no bias; the network has bias weights")
            for p in model.parameters():
                if p.dtype != dtype:
                    fail(f"the parameters of {label} are {p.dtype}; they must be {dtype}"
                         + ("" if kwargs else " (the default dtype is torch.float64)"))
                if not p.requires_grad:
                    fail(f"the parameters of {label} do not require gradients")
            x = torch.randn(5, d_in, dtype=dtype, generator=torch.Generator().manual_seed(INPUTS))
            with torch.no_grad():
                out = call(model, x, name=f"the model of {label}", check_unchanged=False)
            out = as_plain_array(out, f"the output of {label} for 5 examples", (5, d_out))
            if not ((out > 0) & (out < 1)).all():
                fail(f"the output of {label} is not in (0, 1): the last module must be a Sigmoid")


def weights_to_model(student_weights_to_model) -> None:
    """Copies the 13 weights into the parameters in place (float64 and float32 models)."""
    rng = rng_for(304)
    with torch_state(student_weights_to_model):
        for dtype in (F64, torch.float32, F64):
            model = build_twin(student_weights_to_model, SPEC13, dtype, model13(dtype))
            params_before = param_refs(model)
            w = rng.normal(size=13)
            w_before = w.copy()
            try:
                ret, after = call_function_echo(student_weights_to_model, w, model, name="weights_to_model")
            except CheckFailure as err:
                hint_from_exception(err, {**INPLACE_HINTS, **ORIENTATION_HINTS_W2M})
            w_after = after[0]
            if not (isinstance(w_after, np.ndarray) and exactly_equal(w_after, w_before)):
                fail("weights_to_model modified its argument w")
            if ret is not model:
                fail("weights_to_model must return the model it was given (the same object)")
            params_after = param_refs(model)
            if params_after.keys() != params_before.keys() or any(
                    params_after[k] is not params_before[k] for k in params_before):
                fail("weights_to_model replaced the model's parameter tensors; copy the values into "
                     "the existing parameters in place (p.copy_(...) under torch.no_grad())")
            for key, p in model.named_parameters():
                if p.dtype != dtype:
                    fail(f"weights_to_model changed the dtype of {key} to {p.dtype}; keep the model's "
                         "dtype")
                if not p.requires_grad:
                    fail(f"after weights_to_model, {key} no longer requires gradients")
            got = params_np(model)
            np_dtype = np.float64 if dtype == F64 else np.float32
            expected = {k: v.astype(np_dtype).astype(np.float64) for k, v in layout13(w).items()}
            if all(exactly_equal(got[k], expected[k]) for k in expected):
                continue
            for where, message in WRONG:
                layout = layout13(w, where)
                if all(exactly_equal(got[k], layout[k].astype(np_dtype).astype(np.float64))
                       for k in expected):
                    fail(message)
            wrong = [k for k in expected if not exactly_equal(got[k], expected[k])]
            fail(f"after weights_to_model, {', '.join(wrong)} of the model do not hold the right "
                 f"weights ({dtype} model); " + ORDER_HINT)


def model_to_weights(student_model_to_weights) -> None:
    """Reads the 13 weights back as a float64 NumPy array of shape (13,), exactly."""
    rng = rng_for(305)
    with torch_state(student_model_to_weights):
        for dtype in (F64, torch.float32, F64):
            local = model13(dtype)
            w = rng.normal(size=13)
            set13(local, w)
            model = build_twin(student_model_to_weights, SPEC13, dtype, local)
            before = params_np(model)
            kept = call_keep(student_model_to_weights, model, name="model_to_weights")
            ret = judge.fetch(kept)
            after = params_np(model)
            if any(not exactly_equal(after[k], before[k]) for k in before):
                fail("model_to_weights modified the model's parameters")
            if isinstance(ret, torch.Tensor):
                fail("model_to_weights must return a NumPy array, not a torch tensor "
                     "(.detach().numpy())")
            if not isinstance(ret, np.ndarray):
                fail(f"model_to_weights must return a NumPy array, not {type_label(ret)}")
            if ret.dtype != np.float64:
                fail(f"model_to_weights returned an array of {ret.dtype}; it must be float64 "
                     f"(also for a {dtype} model)")
            got = as_plain_array(ret, "the result of model_to_weights", (13,))
            expected = read_w(before)
            if exactly_equal(got, expected):
                for p in param_refs(model).values():  # in place, where the parameters live
                    detached = judge.library_call(model, "torch.Tensor.detach", p, as_ref=True)
                    judge.library_call(model, "torch.Tensor.add_", detached, 1.0, as_ref=True)
                again = judge.fetch(kept)  # the returned array as it is now
                if not (isinstance(again, np.ndarray)
                        and exactly_equal(np.array(again, dtype=np.float64), expected)):
                    fail("the array returned by model_to_weights shares memory with the model's "
                         "parameters; return a copy")
                continue
            for where, message in WRONG:
                if exactly_equal(got, read_w(before, where)):
                    fail(message)
            fail(f"model_to_weights does not return the weights in the order w1...w13 ({dtype} "
                 "model); " + ORDER_HINT)


def _oracle_train13(model: nn.Module, x, y, x_test, y_test, lr: float, epochs: int, *,
                    factor: float = 0.5, mean: bool = False, zero_grad: bool = True,
                    after: bool = False) -> tuple[list[float], list[float], dict[str, np.ndarray]]:
    """Our own run of full-batch gradient descent (a variant when the keywords differ)."""
    model = copy.deepcopy(model)
    for p in model.parameters():
        p.grad = None

    def loss(inp, target):
        se = ((model(inp) - target) ** 2).sum()
        return factor * (se / target.numel() if mean else se)

    tr, te = [], []
    for _ in range(epochs):
        if not after:
            with torch.no_grad():
                te.append(float(loss(x_test, y_test)))
        if zero_grad:
            for p in model.parameters():
                p.grad = None
        value = loss(x, y)
        if not after:
            tr.append(float(value))
        value.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
        if after:
            with torch.no_grad():
                tr.append(float(loss(x, y)))
                te.append(float(loss(x_test, y_test)))
    return tr, te, params_np(model)


def _float_list(value: Any, name: str, n: int) -> np.ndarray:
    if not isinstance(value, list | tuple | np.ndarray):
        fail(f"{name} must be a list of floats, not {type_label(value)}")
    if any(isinstance(v, torch.Tensor) for v in value):
        fail(f"{name} holds tensors; record plain Python floats (loss.item())")
    return as_plain_array(value, name, (n,))


def train_torch(student_train_torch) -> None:
    """From known weights, a run reproduces our losses and updates the model's parameters in place."""
    rng = rng_for(306)
    with torch_state(student_train_torch):
        for n, n_test, lr, epochs in ((10, 6, 0.2, 20), (1, 2, 0.5, 3), (25, 5, 0.05, 8)):
            model = model13(F64)
            set13(model, rng.normal(size=13))
            x_np, y_np = data13(rng, n)
            xt_np, yt_np = data13(rng, n_test)
            x, y, xt, yt = tensor(x_np), tensor(y_np), tensor(xt_np), tensor(yt_np)
            inputs = [a.clone() for a in (x, y, xt, yt)]
            exp_tr, exp_te, exp_params = _oracle_train13(model, x, y, xt, yt, lr, epochs)
            variants = {
                "no_zero_grad": _oracle_train13(model, x, y, xt, yt, lr, epochs, zero_grad=False),
                "no_half": _oracle_train13(model, x, y, xt, yt, lr, epochs, factor=1.0),
                "mean": _oracle_train13(model, x, y, xt, yt, lr, epochs, mean=True),
                "mean_no_half": _oracle_train13(model, x, y, xt, yt, lr, epochs, factor=1.0, mean=True),
                "after": _oracle_train13(model, x, y, xt, yt, lr, epochs, after=True),
            }
            model = build_twin(student_train_torch, SPEC13, F64, model)  # theirs: a copy of ours
            params_before = param_refs(model)
            values_before = params_np(model)
            ctx = f"for {n} training example(s) and {epochs} epochs"
            try:
                got, after = call_function_echo(student_train_torch, model, x, y, xt, yt, lr, epochs,
                                        name="train_torch")
            except CheckFailure as err:
                hint_from_exception(err, INPLACE_HINTS)
            for a, b, nm in zip(after[1:5], inputs, ("x", "y", "x_test", "y_test"), strict=True):
                if not isinstance(a, torch.Tensor) or a.shape != b.shape or not torch.equal(a.detach(), b):
                    fail(f"train_torch modified its argument {nm}")
            tr_raw, te_raw = tuple_of(got, "train_torch", "(train_losses, test_losses)")
            params_after = param_refs(model)
            if params_after.keys() != params_before.keys() or any(
                    params_after[k] is not params_before[k] for k in params_before):
                fail("train_torch replaced the model's parameter tensors; update the existing "
                     "parameters in place (p -= lr * p.grad under torch.no_grad())")
            values_after = params_np(model)
            if all(exactly_equal(values_after[k], values_before[k]) for k in values_before):
                fail("train_torch did not change the model's parameters: update them in place "
                     "(p -= lr * p.grad inside torch.no_grad()), not a copy or a rebound name")
            tr = _float_list(tr_raw, "train_losses", epochs)
            te = _float_list(te_raw, "test_losses", epochs)
            messages = {
                "no_zero_grad": "gradients accumulate across epochs: call zero_grad() (on the model or "
                                "its parameters) before each backward()",
                "no_half": "the loss is missing the ½: use ½ · MSELoss(reduction=\"sum\")",
                "mean": "MSELoss averages over the examples: use reduction=\"sum\" (times ½)",
                "mean_no_half": "MSELoss averages over the examples and the ½ is missing: use "
                                "½ · MSELoss(reduction=\"sum\")",
                "after": "losses must be recorded before each update, not after it",
            }
            n_distinct = [k for k in variants if not (n == 1 and k in ("mean", "mean_no_half"))]
            hints = [(np.array(variants[k][0]), messages[k]) for k in n_distinct]
            assert_close(tr, np.array(exp_tr), "train_losses", raw=tr_raw, context=ctx, hints=hints,
                         rtol=1e-9, atol=1e-12)
            te_hints = [(np.array(exp_tr), "test_losses hold the training losses")] + [
                (np.array(variants[k][1]), messages[k]) for k in n_distinct]
            assert_close(te, np.array(exp_te), "test_losses", raw=te_raw, context=ctx,
                         hints=te_hints, rtol=1e-9, atol=1e-12)
            for key, expected in exp_params.items():
                if not is_close(values_after[key], expected, 1e-9, 1e-12):
                    fail(f"after train_torch the parameter {key} is not where {epochs} steps of "
                         "gradient descent lead (one update per epoch, p -= lr * p.grad)")
