"""Hidden checks of problem set 3 (`source/ps3_pytorch`): the same networks in NumPy and PyTorch.

Expected values come from independent computations: PyTorch float64 autograd for the 13-weight
network, an own training loop on a deep copy of the model for the PyTorch training functions,
and the layer-by-layer recomputation of an MLP from its own `nn.Linear` layers.

The 13 weights are ordered as in problem set 1: w1-w3 are the biases of h1-h3, w4-w6 the weights
from x1 into h1-h3, w7-w9 from x2 into h1-h3, w10 the output bias and w11-w13 the weights from
h1-h3 into the output. In a PyTorch `Linear(2, 3)` that is ``bias = w[0:3]`` and
``weight[j, i] = w[3 + 3 i + j]``; in `Linear(3, 1)`, ``bias = w[9]`` and ``weight[0] = w[10:13]``.

These checks run in the grader (`autograder.judge`): the student's functions, classes and the models
they return are proxies, every call computed in the kernel and answered with plain data (tensors arrive
as local mirrors of the kernel's). The models, data loaders, optimizers and losses a check hands to
student code are built where that code runs (`judge.library_call`): the check builds its own model
here, computes its oracles on it, and gives the kernel a copy with the same parameters and buffers
(`_build`). Whether a function trained, updated in place or left a model alone is read back from the
kernel: parameter identity through kernel references (`_param_refs`), values through the mirrors.
A forward hook that calls back into the grader (`_Probe`) records the mode and whether autograd was on
at each forward of the check's models. The check's own MLP training (`train_mlp_briefly`) runs step by
step in the kernel on data sent there once, and the kernel's RNG, thread count and grad mode are put
back afterwards (`_torch_state`). Locally (the unit tests) every helper works on the objects themselves.
"""

from __future__ import annotations

import contextlib
import copy
import gzip
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

# `import autograder.judge`, not `from autograder import judge`: after `runtime._fresh_module` imports
# the grader's modules anew, the package's attribute may still be the old judge (whose Remote differs)
import autograder.judge as judge
from autograder.checklib import (
    CheckFailure,
    GraderFault,
    as_array,
    as_float,
    assert_close,
    call,
    fail,
    fail_rule,
    is_close,
    rng_for,
    tolerances,
)

JUDGED_BY_GRADER = True

__all__ = [
    "forward_pass", "backprop_13", "check_grad_error", "train_numpy", "build_model",
    "weights_to_model", "model_to_weights", "train_torch", "mlp", "train_epoch", "evaluate",
]

F64 = torch.float64
ORDER_HINT = ("w4-w6 connect x1 to h1-h3 and w7-w9 connect x2 to h1-h3 (check the order of the "
              "input weights)")

# --- helpers ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _torch_state(like: Any = None, threads: int = 1) -> Iterator[None]:
    """Run with one thread and restore the caller's RNG state and thread count afterwards: here, and
    in the kernel too when `like` (the student's object) lives there."""
    kernel = _kernel_state(like) if judge.is_remote(like) else None  # first: in the corpus's loopback
    previous = torch.get_num_threads()                                # the kernel is this process
    grad_mode = torch.is_grad_enabled()
    torch.set_num_threads(threads)
    try:
        with torch.random.fork_rng(devices=[]):
            yield
    except judge.CHANNEL_FAULTS:
        kernel = None  # the kernel is gone or busy: nothing to put back there
        raise
    finally:
        try:
            if kernel is not None:
                _restore_kernel_state(like, kernel)
        finally:
            torch.set_num_threads(previous)
            torch.set_grad_enabled(grad_mode)


def _kernel_state(like: Any, threads: int = 1) -> tuple[int, Any, bool]:
    """Save the kernel's thread count, RNG state and grad mode; run it with `threads` threads."""
    saved = (judge.library_call(like, "torch.get_num_threads"),
             judge.library_call(like, "torch.get_rng_state"),
             judge.library_call(like, "torch.is_grad_enabled"))
    judge.library_call(like, "torch.set_num_threads", threads)
    return saved


def _restore_kernel_state(like: Any, saved: tuple[int, Any, bool]) -> None:
    threads, rng, grad = saved
    judge.library_call(like, "torch.set_rng_state", rng)
    judge.library_call(like, "torch.set_grad_enabled", bool(grad))
    if type(threads) is int and threads > 0:
        judge.library_call(like, "torch.set_num_threads", threads)


def _seed(like: Any, seed: int) -> None:
    """`torch.manual_seed(seed)` here and where the student's code runs (it initialises their model)."""
    torch.manual_seed(seed)
    if judge.is_remote(like):
        judge.library_call(like, "torch.manual_seed", seed)


def _tname(value: Any) -> str:
    """The class name of a student's value (of the kernel's object, for one that stayed there)."""
    return judge.type_name(value).rsplit(".", 1)[-1] if judge.is_remote(value) else type(value).__name__


def _isinstance(obj: Any, cls: type) -> bool:
    """`isinstance(obj, cls)` for a `torch.nn` class, asked of the kernel for an object there."""
    return judge.remote_isinstance(obj, f"torch.nn.{cls.__name__}")


def _build(like: Any, spec: tuple[tuple[str, tuple], ...], dtype: torch.dtype,
           model: nn.Module) -> Any:
    """A copy of the check's `model` (an nn.Sequential of the `torch.nn` modules in `spec`, in `dtype`)
    where the student's code runs: built in the kernel when `like` (the student's object) is there,
    else here; it gets `model`'s parameters and buffers (in place: `load_state_dict` copies)."""
    modules = []
    for name, args in spec:
        kwargs = {"dtype": dtype} if name in ("Linear", "BatchNorm1d") else {}
        modules.append(judge.library_call(like, f"torch.nn.{name}", *args, as_ref=True, **kwargs))
    twin = judge.library_call(like, "torch.nn.Sequential", *modules, as_ref=True)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    judge.library_call(like, "torch.nn.Module.load_state_dict", twin, state, as_ref=True)
    return twin


def _param_refs(model: Any) -> dict[str, Any]:
    """The model's parameters themselves, by name: kernel references for a model in the kernel (the
    same tensor, the same reference, whatever its dtype or data became), for identity checks."""
    names = [k for k, _ in model.named_parameters()]
    return {k: judge.library_call(model, "torch.nn.Module.get_parameter", model, k, as_ref=True)
            for k in names}


def _state(model: Any) -> dict[str, torch.Tensor]:
    """A copy of the model's state dict (read from the kernel for a model there)."""
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _call_echo(fn: Any, *args: Any, name: str) -> tuple[Any, list[Any]]:
    """`call` that also returns the arguments as the function left them (in the kernel, for a
    function there: what it did to our tensors, which a copy here could not show)."""
    if not callable(fn):
        fail(f"{name} is not a function")
    return call(lambda *a: judge.call_echo(fn, *a), *args, name=name, check_unchanged=False)


def _call_keep(fn: Any, *args: Any, name: str) -> Any:
    """`call` whose result stays where it was computed (a reference, for a function in the kernel), so
    that it can be read again later (`judge.fetch`)."""
    if not callable(fn):
        fail(f"{name} is not a function")
    return call(lambda *a: judge.call_ref(fn, *a), *args, name=name, check_unchanged=False)


class _Probe:
    """A forward hook that records, at each forward of the module it watches, whether the module was
    in training mode and whether autograd was on (the module's output requires grad: the layers before
    it have parameters). For a module in the kernel it is a callback of the grader's."""

    def __init__(self) -> None:
        self.seen: list[tuple[bool, bool]] = []

    def watch(self, model: Any, index: int) -> None:
        judge.library_call(model, "torch.nn.Module.register_forward_hook", model[index], self,
                           as_ref=True)

    def __call__(self, module: Any, inputs: Any, output: Any) -> None:
        self.seen.append((module.training is True, getattr(output, "requires_grad", False) is True))


def _plain(value: Any, name: str) -> None:
    """Refuse anything but numbers, NumPy arrays, torch tensors and (nested) lists/tuples of them.

    `np.array` iterates over any object with `__len__`/`__getitem__`; an object that never raises
    IndexError would keep it busy (and growing) until the time limit. Checked before `as_array`.
    """
    stack, seen = [value], 0
    while stack:
        v = stack.pop()
        seen += 1
        if seen > 100_000:
            fail(f"{name} is too large or too deeply nested")
        if isinstance(v, list | tuple):
            stack.extend(v)
        elif not isinstance(v, int | float | np.ndarray | np.generic | torch.Tensor) and v is not None:
            fail(f"{name} must be a number, a NumPy array, a tensor or a list of numbers, "
                 f"not {_tname(v)}")


def _as_array(value: Any, name: str, shape: tuple[int, ...] | None = None, **kwargs: Any) -> np.ndarray:
    _plain(value, name)
    return as_array(value, name, shape, **kwargs)


def _as_float(value: Any, name: str) -> float:
    _plain(value, name)
    return as_float(value, name)


def _pair(result: Any, name: str, what: str, n: int = 2) -> tuple:
    if not isinstance(result, tuple | list) or len(result) != n:
        fail(f"{name} must return a tuple {what}")
    return tuple(result)


def _t(a: np.ndarray, dtype: torch.dtype = F64) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=dtype)


def _net13(x: torch.Tensor, w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The 2-3-1 sigmoid network unit by unit: h_j = σ(w_j + x1 w_{3+j} + x2 w_{6+j})."""
    h = torch.stack([torch.sigmoid(w[j] + x[:, 0] * w[3 + j] + x[:, 1] * w[6 + j]) for j in range(3)],
                    dim=1)
    y = torch.sigmoid(w[9] + h[:, 0] * w[10] + h[:, 1] * w[11] + h[:, 2] * w[12])
    return h, y.unsqueeze(1)


def _loss13(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    _, out = _net13(_t(x), _t(w))
    return float(0.5 * ((_t(y) - out) ** 2).sum())


def _grad13(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    wt = _t(w).requires_grad_(True)
    _, out = _net13(_t(x), wt)
    (0.5 * ((_t(y) - out) ** 2).sum()).backward()
    return wt.grad.numpy().copy()


def _data13(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=(n, 2))
    y = (rng.random((n, 1)) < 0.5).astype(np.float64)
    return x, y


def _model13(dtype: torch.dtype = F64) -> nn.Sequential:
    return nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1), nn.Sigmoid()).to(dtype)


SPEC13 = (("Linear", (2, 3)), ("Sigmoid", ()), ("Linear", (3, 1)), ("Sigmoid", ()))


# Where each of the 13 weights sits in the PyTorch model: parameter name -> indices into w.
RIGHT = {"0.weight": [[3, 6], [4, 7], [5, 8]], "0.bias": [0, 1, 2], "2.weight": [[10, 11, 12]],
         "2.bias": [9]}
# Typical mapping mistakes, each with the message that names it.
WRONG = [
    (dict(RIGHT, **{"0.weight": [[3, 4], [5, 6], [7, 8]]}),
     "the first layer's weights are transposed: " + ORDER_HINT),
    (dict(RIGHT, **{"0.weight": [[6, 3], [7, 4], [8, 5]]}),
     "the weights from x1 and x2 are swapped: " + ORDER_HINT),
    (dict(RIGHT, **{"0.bias": [0, 3, 6], "0.weight": [[1, 2], [4, 5], [7, 8]]}),
     "the biases belong to the wrong units: w1-w3 are the biases of h1, h2, h3 (the weights "
     "are grouped by input, not by hidden unit)"),
    (dict(RIGHT, **{"0.bias": [2, 1, 0]}),
     "the hidden biases belong to the wrong units: w1 belongs to h1, w3 to h3"),
    (dict(RIGHT, **{"2.bias": [12], "2.weight": [[9, 10, 11]]}),
     "the output bias is misplaced: w10 is the output bias, w11-w13 the weights from h1-h3"),
    ({"0.weight": [[0, 3], [1, 4], [2, 5]], "0.bias": [6, 7, 8], "2.weight": [[9, 10, 11]],
      "2.bias": [12]},
     "the biases are not where they belong: w1-w3 and w10 are the biases (bias inputs come "
     "first, as in problem set 1)"),
]


def _layout(w: np.ndarray, where: dict[str, list] = RIGHT) -> dict[str, np.ndarray]:
    """The parameters of the PyTorch 2-3-1 model that hold the 13 weights `w` (per `where`)."""
    w = np.asarray(w, dtype=np.float64)
    return {k: w[np.array(idx)] for k, idx in where.items()}


def _read(params: dict[str, np.ndarray], where: dict[str, list] = RIGHT) -> np.ndarray:
    """The 13 weights read from `params` by someone who believes `where` is the layout."""
    out = np.full(13, np.nan)
    for k, idx in where.items():
        out[np.array(idx).ravel()] = params[k].ravel()
    return out


def _set13(model: nn.Module, w: np.ndarray) -> None:
    params = dict(model.named_parameters())
    with torch.no_grad():
        for key, value in _layout(w).items():
            params[key].copy_(torch.from_numpy(value))


def _params_np(model: nn.Module) -> dict[str, np.ndarray]:
    return {k: p.detach().to(F64).numpy().copy() for k, p in model.named_parameters()}


def _exactly(a: np.ndarray, e: np.ndarray) -> bool:
    return a.shape == e.shape and is_close(a, e, 1e-14, 0.0)


def _hint_from_exception(err: CheckFailure, hints: dict[str, str]) -> None:
    """Re-raise `err` with a named mistake when its message contains a known phrase."""
    msg = str(err)
    for phrase, hint in hints.items():
        if phrase.lower() in msg.lower():
            raise CheckFailure(f"{msg.split(':')[0]}: {hint}") from None
    raise err


_MATMUL_PHRASES = ("matmul", "not aligned", "mismatch in its core dimension")
_ORIENTATION_HINTS_FORWARD = dict.fromkeys(
    _MATMUL_PHRASES,
    "a weight matrix is used where its transpose belongs (W instead of Wᵀ): x (N, 2) @ W needs W of "
    "shape (2, 3), row i holding the weights from x_(i+1) (w4-w6 from x1, w7-w9 from x2)")
_ORIENTATION_HINTS_BACKPROP = dict.fromkeys(
    _MATMUL_PHRASES,
    "a matrix product has a factor where its transpose belongs (W instead of Wᵀ): with δ of the hidden "
    "units (N, 3) and x (N, 2), the input-weight gradients are xᵀ δ (2, 3), the output weights' hᵀ δ_out")
_ORIENTATION_HINTS_W2M = {
    "must match the size": "a weight has the wrong orientation: nn.Linear(2, 3).weight has shape "
                           "(out, in) = (3, 2), so weight[j, i] is the weight from x_(i+1) into h_(j+1) "
                           "(W where Wᵀ belongs)",
}

_INPLACE_HINTS = {
    "leaf Variable that requires grad": "update (or copy into) the parameters inside "
                                        "`with torch.no_grad():` so that autograd does not track it",
    "cannot assign": "you rebound a parameter to a new tensor; update the existing parameter in place "
                     "(p -= ..., p.copy_(...)) under torch.no_grad()",
}


@contextlib.contextmanager
def _standins(fn: Any, **replacements: Callable[..., Any]) -> Iterator[None]:
    """Run `fn` with the other graded functions it calls by name (forward_pass, backprop_13) replaced by
    the grader's correct ones, in the namespace `fn` was defined in (the kernel's, for a function
    there: the kernel calls the grader back). So a mistake in forward_pass costs forward_pass's points
    only, not those of every function that calls it. Names the namespace does not define are left
    alone; a callable without a namespace of its own (not a plain function) runs as it is."""
    try:
        glb = judge.attribute_ref(fn, "__globals__")
    except (AttributeError, judge.RemoteError):
        glb = None
    if glb is not None and not (judge.is_remote(glb) or isinstance(glb, dict)):
        glb = None
    saved: dict[str, Any] = {}
    try:
        if glb is not None:
            for name, standin in replacements.items():
                try:
                    saved[name] = judge.item_ref(glb, name)
                except (KeyError, judge.RemoteError):
                    continue
                glb[name] = standin
        yield
    finally:
        for name, original in saved.items():
            try:
                glb[name] = original
            except judge.CHANNEL_FAULTS:
                break


def _forward_standin(x: Any, w: Any) -> tuple[np.ndarray, np.ndarray]:
    """A correct forward_pass (the grader's), for the checks of the functions that call it."""
    h, y = _net13(_t(np.asarray(x, dtype=np.float64)), _t(np.asarray(w, dtype=np.float64)))
    return h.numpy(), y.numpy()


def _backprop_standin(x: Any, y: Any, w: Any) -> np.ndarray:
    """A correct backprop_13 (the grader's), for the checks of the functions that call it."""
    return _grad13(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64),
                   np.asarray(w, dtype=np.float64))


def _sig(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _grad13_variant(x: np.ndarray, y: np.ndarray, w: np.ndarray, *, out_prime: str = "a",
                    hid_prime: str = "a") -> np.ndarray:
    """backprop_13 written out with a typical mistake: each σ′ evaluated on the activation ("a", right),
    on the pre-activation ("z": z(1 − z)), or left out ("none")."""
    zh = x @ np.stack([w[3:6], w[6:9]]) + w[0:3]
    h = _sig(zh)
    zo = h @ w[10:13, None] + w[9]
    yp = _sig(zo)

    def prime(a: np.ndarray, z: np.ndarray, kind: str) -> np.ndarray:
        return a * (1 - a) if kind == "a" else z * (1 - z) if kind == "z" else np.ones_like(z)

    d_out = (yp - y) * prime(yp, zo, out_prime)
    d_hid = d_out * w[10:13] * prime(h, zh, hid_prime)
    grad = np.empty(13)
    grad[0:3] = d_hid.sum(axis=0)
    grad[3:6] = x[:, 0] @ d_hid
    grad[6:9] = x[:, 1] @ d_hid
    grad[9] = d_out.sum()
    grad[10:13] = h.T @ d_out[:, 0]
    return grad


# --- section 1: the 13-weight network in NumPy -------------------------------------------------------


def forward_pass(student_forward_pass) -> None:
    """forward_pass(x, w) -> (h (N, 3), y_pred (N, 1)) on random inputs of N = 1, 4, 13 examples."""
    rng = rng_for(301)
    for n, scale in ((4, 1.0), (13, 2.0), (1, 1.0), (6, 25.0)):
        x = rng.normal(size=(n, 2))
        w = rng.normal(size=13) * scale
        try:
            got = call(student_forward_pass, x, w, name="forward_pass", arg_names=["x", "w"])
        except CheckFailure as err:
            _hint_from_exception(err, _ORIENTATION_HINTS_FORWARD)
        h_raw, y_raw = _pair(got, "forward_pass", "(h, y_pred)")
        h = _as_array(h_raw, "h", (n, 3))
        y_pred = _as_array(y_raw, "y_pred")
        if y_pred.shape == (n,):
            fail(f"y_pred has shape ({n},); it must have shape ({n}, 1): keep the column axis, "
                 "targets and predictions are (N, 1) throughout")
        y_pred = _as_array(y_raw, "y_pred", (n, 1))
        h_e, y_e = (t.numpy() for t in _net13(_t(x), _t(w)))
        ctx = f"for N={n}" + (" and large weights" if scale > 2 else "")
        wrong_h = []
        for where, message in WRONG:
            layout = _layout(w, where)
            hw = 1 / (1 + np.exp(-(x @ layout["0.weight"].T + layout["0.bias"])))
            wrong_h.append((hw, message))
        z_h = x @ _layout(w)["0.weight"].T
        wrong_h.append((1 / (1 + np.exp(-z_h)), "h ignores the bias weights w1-w3"))
        wrong_h.append((z_h + w[0:3], "h is missing the sigmoid"))
        assert_close(h, h_e, "h", raw=h_raw, hints=wrong_h, context=ctx)
        z_o = h_e @ w[10:13, None]
        wrong_y = [(z_o + w[9], "y_pred is missing the output sigmoid"),
                   (1 / (1 + np.exp(-z_o)), "y_pred ignores the output bias w10"),
                   (1 / (1 + np.exp(-(h_e @ w[9:12, None] + w[12]))),
                    "the output bias is misplaced: w10 is the output bias, w11-w13 the weights "
                    "from h1-h3")]
        assert_close(y_pred, y_e, "y_pred", raw=y_raw, hints=wrong_y, context=ctx)


def backprop_13(student_backprop_13) -> None:
    """backprop_13(x, y, w) -> the 13 partials of E = ½ Σ (y − ŷ)², against torch autograd (with a
    correct forward_pass standing in for the student's, so that only backprop_13 is judged)."""
    rng = rng_for(302)
    with _standins(student_backprop_13, forward_pass=_forward_standin):
        for n, scale in ((5, 1.0), (20, 1.5), (1, 1.0), (8, 6.0)):
            x, y = _data13(rng, n)
            w = rng.normal(size=13) * scale
            try:
                raw = call(student_backprop_13, x, y, w, name="backprop_13", arg_names=["x", "y", "w"])
            except CheckFailure as err:
                _hint_from_exception(err, _ORIENTATION_HINTS_BACKPROP)
            got = _as_array(raw, "the gradient of backprop_13", (13,), allow_squeeze=True)
            expected = _grad13(x, y, w)
            hints = [(-expected, "the gradient has the wrong sign: E = ½ Σ (y − ŷ)², so ∂E/∂ŷ = ŷ − y")]
            if n > 1:
                hints.append((expected / n, "the gradient is averaged over the examples: E sums over "
                                            "the examples, so its gradient is a sum too"))
            hints.append((2 * expected, "the gradient is twice the correct one: did you drop the ½ "
                                        "in E?"))
            no_bias = expected.copy()
            no_bias[[0, 1, 2, 9]] = 0.0
            hints.append((no_bias, "the gradients of the bias weights w1-w3 and w10 are zero: the "
                                   "bias input is 1, so ∂E/∂(bias) is the sum of the unit's δ"))
            swapped = expected.copy()
            swapped[3:9] = expected[3:9].reshape(2, 3).T.ravel()
            hints.append((swapped, "the gradients of w4-w9 are in the transposed order (W where Wᵀ "
                                   "belongs): " + ORDER_HINT))
            hints += [
                (_grad13_variant(x, y, w, out_prime="z", hid_prime="z"),
                 "σ′ is evaluated on the pre-activation z: σ′(z) = σ(z)(1 − σ(z)) uses the "
                 "activation, so write h(1 − h) and ŷ(1 − ŷ), not z(1 − z)"),
                (_grad13_variant(x, y, w, hid_prime="z"),
                 "σ′ of the hidden units is evaluated on the pre-activation: use h(1 − h), not "
                 "z(1 − z)"),
                (_grad13_variant(x, y, w, out_prime="z"),
                 "σ′ of the output unit is evaluated on the pre-activation: use ŷ(1 − ŷ), not "
                 "z(1 − z)"),
                (_grad13_variant(x, y, w, out_prime="none"),
                 "δ of the output unit is missing the derivative of the output sigmoid: "
                 "δ_out = (ŷ − y) ŷ (1 − ŷ)"),
                (_grad13_variant(x, y, w, hid_prime="none"),
                 "the δ of the hidden units is missing the derivative of their sigmoid h(1 − h)"),
            ]
            factors = {"the number of examples": n} if n > 1 else None
            assert_close(got, expected, "the gradient", raw=raw, hints=hints, factors=factors,
                         context=f"for N={n}")


def _their_e(student_e_train: Any) -> Callable[[np.ndarray], float]:
    return lambda v: _as_float(call(student_e_train, np.array(v), name="E_train", arg_names=["w"]),
                               "E_train(w)")


def _their_grad(student_backprop_13: Any, x: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    return lambda v: _as_array(call(student_backprop_13, x, y, np.array(v), name="backprop_13",
                                    arg_names=["x", "y", "w"]),
                               "the gradient of backprop_13", (13,), allow_squeeze=True)


def _judge_e_train(student_e_train, x_tr, y_tr, x_te, y_te, w) -> None:
    """E_train(w) is E on the training split (with a correct forward_pass standing in)."""
    rng = rng_for(307)
    n = len(x_tr)
    with _standins(student_e_train, forward_pass=_forward_standin):
        for v in (w, rng.normal(size=13)):
            raw = call(student_e_train, v.copy(), name="E_train", arg_names=["w"])
            got = _as_float(raw, "E_train(w)")
            exp = _loss13(x_tr, y_tr, v)
            hints = [(2 * exp, "E_train is missing the ½: E = ½ Σ (y − ŷ)²"),
                     (exp / n, "E_train averages over the examples: E is a sum, ½ Σ (y − ŷ)²"),
                     (2 * exp / n, "E_train is the mean squared error: E is a sum times ½, "
                                   "½ Σ (y − ŷ)²"),
                     (_loss13(x_te, y_te, v), "E_train is E on the test split: use the training split "
                                              "(x_train, y_train)")]
            assert_close(np.array(got), np.array(exp), "E_train(w)", raw=raw, hints=hints, rtol=1e-9,
                         atol=1e-12, ratio_hint=False, context="(E on the training split)")


def _not_set(student_e_train, student_backprop_13, x_tr, y_tr, w) -> None:
    """check_grad_error was never stored (the cell raised): say which function made it raise."""
    why = ""
    try:
        _their_e(student_e_train)(w)
    except CheckFailure as err:
        try:
            with _standins(student_e_train, forward_pass=_forward_standin):
                _their_e(student_e_train)(w)
            why = f" Calling E_train fails because of forward_pass ({err}): fix forward_pass first."
        except CheckFailure:
            why = f" Calling E_train fails: {err}."
    if not why:
        try:
            _their_grad(student_backprop_13, x_tr, y_tr)(w)
        except CheckFailure as err:
            why = f" Calling backprop_13 on the training split fails ({err}): fix backprop_13 first."
            with contextlib.suppress(CheckFailure), _standins(student_backprop_13,
                                                              forward_pass=_forward_standin):
                _their_grad(student_backprop_13, x_tr, y_tr)(w)
                why = (f" Calling backprop_13 on the training split fails because of forward_pass ({err}): "
                       "fix forward_pass first.")
    fail("check_grad_error is not set: the cell of 1.3 must store the value check_grad returns "
         "(did that cell raise an error?)." + why)


def check_grad_error(value, student_e_train, student_backprop_13, x_train, y_train, x_test, y_test,
                     w0) -> None:
    """`check_grad_error` is what scipy's check_grad returns for the student's own E_train and their own
    backprop_13 on the training split at w0 (recomputed here from their functions: a number typed in
    does not match), and E_train is E on the training split. A wrong backprop_13 gives a large error,
    which is check_grad doing its job: it costs backprop_13's points, not these."""
    from scipy.optimize import check_grad

    x_tr, y_tr, w = (np.array(a, dtype=np.float64) for a in (x_train, y_train, w0))
    x_te, y_te = np.array(x_test, dtype=np.float64), np.array(y_test, dtype=np.float64)
    if not callable(student_e_train):
        fail("E_train must be a function of the weights w (define it in the cell of 1.3)")
    if value is None:
        _not_set(student_e_train, student_backprop_13, x_tr, y_tr, w)
    err = _as_float(value, "check_grad_error")
    if not np.isfinite(err) or err < 0:
        fail("check_grad_error must be the norm check_grad returns: a finite number, never negative")
    _judge_e_train(student_e_train, x_tr, y_tr, x_te, y_te, w)
    e = _their_e(student_e_train)
    try:
        ours = check_grad(e, _their_grad(student_backprop_13, x_tr, y_tr), w)
    except CheckFailure as exc:
        fail(f"check_grad cannot be run with your backprop_13 on the training split ({exc}): fix "
             "backprop_13 first")
    if is_close(np.array(err), np.array(ours), 1e-7, 1e-300):
        return
    try:
        other = check_grad(e, _their_grad(student_backprop_13, x_te, y_te), w)
    except CheckFailure:
        other = np.nan
    if is_close(np.array(err), np.array(other), 1e-7, 1e-300):
        fail("check_grad compared E_train (training split) with the gradient of the test split: "
                 "pass it backprop_13 on the same (training) split")
    fail("check_grad_error is not what check_grad(E_train, the gradient of backprop_13 on the training "
         "split, w0) returns for your functions: store the value check_grad returns (a number typed "
         "in, or another error measure, does not count)")


def train_numpy(student_train_numpy) -> None:
    """Full-batch gradient descent: losses before each update, final weights, w not modified (with a
    correct forward_pass and backprop_13 standing in for the student's: only train_numpy is judged)."""
    rng = rng_for(303)
    with _standins(student_train_numpy, forward_pass=_forward_standin, backprop_13=_backprop_standin):
        for n_tr, n_te, lr, epochs in ((12, 7, 0.1, 15), (1, 3, 0.5, 4), (9, 1, 0.05, 1)):
            _train_numpy_case(student_train_numpy, rng, n_tr, n_te, lr, epochs)


def _train_numpy_case(student_train_numpy, rng, n_tr: int, n_te: int, lr: float, epochs: int) -> None:
    x_tr, y_tr = _data13(rng, n_tr)
    x_te, y_te = _data13(rng, n_te)
    w = rng.normal(size=13)
    got = call(student_train_numpy, x_tr, y_tr, x_te, y_te, w, lr, epochs, name="train_numpy",
               arg_names=["x_train", "y_train", "x_test", "y_test", "w", "lr", "epochs"])
    w_raw, tr_raw, te_raw = _pair(got, "train_numpy", "(w, train_losses, test_losses)", 3)
    w_got = _as_array(w_raw, "the returned w", (13,), allow_squeeze=True)
    tr = _as_array(tr_raw, "train_losses", (epochs,), allow_squeeze=True)
    te = _as_array(te_raw, "test_losses", (epochs,), allow_squeeze=True)
    ws, w_mean = [w.copy()], [w.copy()]
    for _ in range(epochs):
        ws.append(ws[-1] - lr * _grad13(x_tr, y_tr, ws[-1]))
        w_mean.append(w_mean[-1] - lr / n_tr * _grad13(x_tr, y_tr, w_mean[-1]))
    exp_tr = np.array([_loss13(x_tr, y_tr, v) for v in ws[:-1]])
    exp_te = np.array([_loss13(x_te, y_te, v) for v in ws[:-1]])
    after_tr = np.array([_loss13(x_tr, y_tr, v) for v in ws[1:]])
    after_te = np.array([_loss13(x_te, y_te, v) for v in ws[1:]])
    mean_tr = np.array([_loss13(x_tr, y_tr, v) for v in w_mean[:-1]])
    ctx = f"for {n_tr} training examples and {epochs} epoch(s)"
    mean_msg = "the updates use the mean gradient; use the gradient of E (a sum over examples)"
    common = [(2 * exp_tr, "train_losses are twice E: did you drop the ½?"),
              (exp_tr / n_tr, "train_losses are averaged over the examples; E is a sum")]
    if n_tr > 1:
        common.append((mean_tr, mean_msg))
    assert_close(tr, exp_tr, "train_losses", raw=tr_raw, context=ctx, hints=[
        (after_tr, "train_losses[i] must be E before update i, not after it"), *common])
    assert_close(te, exp_te, "test_losses", raw=te_raw, context=ctx, hints=[
        (after_te, "test_losses[i] must be E on the test set before update i, not after it"),
        (exp_tr, "test_losses hold the training losses"),
        (2 * exp_te, "test_losses are twice E: did you drop the ½?")])
    w_hints = [(w, "the returned w is the initial w: no update was applied")]
    if n_tr > 1:
        w_hints.append((w_mean[-1], mean_msg))
    if epochs > 1:
        w_hints.append((ws[-2], "the returned w has one update too few"))
    assert_close(w_got, ws[-1], "the returned w", raw=w_raw, context=ctx, hints=w_hints)


# --- section 2: the same model in PyTorch ------------------------------------------------------------

_EXPECTED_TYPES = (nn.Linear, nn.Sigmoid, nn.Linear, nn.Sigmoid)
_INPUTS = 3141  # seed of the check's own random inputs (a generator of its own: independent of the
                # student's model initialisation, which draws from the kernel's global RNG)


def build_model(student_build_model) -> None:
    """Sequential(Linear(d_in, hidden), Sigmoid, Linear(hidden, d_out), Sigmoid) in the given dtype."""
    cases = [((2, 3, 1), {}, F64), ((5, 4, 3), {"dtype": torch.float32}, torch.float32),
             ((1, 1, 1), {"dtype": torch.float64}, F64), ((3, 7, 2), {}, F64)]
    with _torch_state(student_build_model):
        for (d_in, hidden, d_out), kwargs, dtype in cases:
            _seed(student_build_model, 0)
            label = f"build_model({d_in}, {hidden}, {d_out}" + (
                f", dtype={kwargs['dtype']})" if kwargs else ")")
            model = call(student_build_model, d_in, hidden, d_out, name="build_model", **kwargs)
            if not judge.remote_isinstance(model, "torch.nn.Sequential"):
                fail(f"{label} must return a torch.nn.Sequential, not {_tname(model)}")
            modules = list(model)
            names = [_tname(m) for m in modules]
            if len(modules) != 4:
                fail(f"{label} has {len(modules)} modules ({', '.join(names)}); it must have four: "
                     "Linear, Sigmoid, Linear, Sigmoid")
            for i, (module, kind) in enumerate(zip(modules, _EXPECTED_TYPES, strict=True)):
                if not _isinstance(module, kind):
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
            x = torch.randn(5, d_in, dtype=dtype, generator=torch.Generator().manual_seed(_INPUTS))
            with torch.no_grad():
                out = call(model, x, name=f"the model of {label}", check_unchanged=False)
            out = _as_array(out, f"the output of {label} for 5 examples", (5, d_out))
            if not ((out > 0) & (out < 1)).all():
                fail(f"the output of {label} is not in (0, 1): the last module must be a Sigmoid")


def weights_to_model(student_weights_to_model) -> None:
    """Copies the 13 weights into the parameters in place (float64 and float32 models)."""
    rng = rng_for(304)
    with _torch_state(student_weights_to_model):
        for dtype in (F64, torch.float32, F64):
            model = _build(student_weights_to_model, SPEC13, dtype, _model13(dtype))
            params_before = _param_refs(model)
            w = rng.normal(size=13)
            w_before = w.copy()
            try:
                ret, after = _call_echo(student_weights_to_model, w, model, name="weights_to_model")
            except CheckFailure as err:
                _hint_from_exception(err, {**_INPLACE_HINTS, **_ORIENTATION_HINTS_W2M})
            w_after = after[0]
            if not (isinstance(w_after, np.ndarray) and _exactly(w_after, w_before)):
                fail("weights_to_model modified its argument w")
            if ret is not model:
                fail("weights_to_model must return the model it was given (the same object)")
            params_after = _param_refs(model)
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
            got = _params_np(model)
            np_dtype = np.float64 if dtype == F64 else np.float32
            expected = {k: v.astype(np_dtype).astype(np.float64) for k, v in _layout(w).items()}
            if all(_exactly(got[k], expected[k]) for k in expected):
                continue
            for where, message in WRONG:
                layout = _layout(w, where)
                if all(_exactly(got[k], layout[k].astype(np_dtype).astype(np.float64))
                       for k in expected):
                    fail(message)
            wrong = [k for k in expected if not _exactly(got[k], expected[k])]
            fail(f"after weights_to_model, {', '.join(wrong)} of the model do not hold the right "
                 f"weights ({dtype} model); " + ORDER_HINT)


def model_to_weights(student_model_to_weights) -> None:
    """Reads the 13 weights back as a float64 NumPy array of shape (13,), exactly."""
    rng = rng_for(305)
    with _torch_state(student_model_to_weights):
        for dtype in (F64, torch.float32, F64):
            local = _model13(dtype)
            w = rng.normal(size=13)
            _set13(local, w)
            model = _build(student_model_to_weights, SPEC13, dtype, local)
            before = _params_np(model)
            kept = _call_keep(student_model_to_weights, model, name="model_to_weights")
            ret = judge.fetch(kept)
            after = _params_np(model)
            if any(not _exactly(after[k], before[k]) for k in before):
                fail("model_to_weights modified the model's parameters")
            if isinstance(ret, torch.Tensor):
                fail("model_to_weights must return a NumPy array, not a torch tensor "
                     "(.detach().numpy())")
            if not isinstance(ret, np.ndarray):
                fail(f"model_to_weights must return a NumPy array, not {_tname(ret)}")
            if ret.dtype != np.float64:
                fail(f"model_to_weights returned an array of {ret.dtype}; it must be float64 "
                     f"(also for a {dtype} model)")
            got = _as_array(ret, "the result of model_to_weights", (13,))
            expected = _read(before)
            if _exactly(got, expected):
                for p in _param_refs(model).values():  # in place, where the parameters live
                    detached = judge.library_call(model, "torch.Tensor.detach", p, as_ref=True)
                    judge.library_call(model, "torch.Tensor.add_", detached, 1.0, as_ref=True)
                again = judge.fetch(kept)  # the returned array as it is now
                if not (isinstance(again, np.ndarray)
                        and _exactly(np.array(again, dtype=np.float64), expected)):
                    fail("the array returned by model_to_weights shares memory with the model's "
                         "parameters; return a copy")
                continue
            for where, message in WRONG:
                if _exactly(got, _read(before, where)):
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
    return tr, te, _params_np(model)


def _float_list(value: Any, name: str, n: int) -> np.ndarray:
    if not isinstance(value, list | tuple | np.ndarray):
        fail(f"{name} must be a list of floats, not {_tname(value)}")
    if any(isinstance(v, torch.Tensor) for v in value):
        fail(f"{name} holds tensors; record plain Python floats (loss.item())")
    return _as_array(value, name, (n,))


def train_torch(student_train_torch) -> None:
    """From known weights, a run reproduces our losses and updates the model's parameters in place."""
    rng = rng_for(306)
    with _torch_state(student_train_torch):
        for n, n_test, lr, epochs in ((10, 6, 0.2, 20), (1, 2, 0.5, 3), (25, 5, 0.05, 8)):
            model = _model13(F64)
            _set13(model, rng.normal(size=13))
            x_np, y_np = _data13(rng, n)
            xt_np, yt_np = _data13(rng, n_test)
            x, y, xt, yt = _t(x_np), _t(y_np), _t(xt_np), _t(yt_np)
            inputs = [a.clone() for a in (x, y, xt, yt)]
            exp_tr, exp_te, exp_params = _oracle_train13(model, x, y, xt, yt, lr, epochs)
            variants = {
                "no_zero_grad": _oracle_train13(model, x, y, xt, yt, lr, epochs, zero_grad=False),
                "no_half": _oracle_train13(model, x, y, xt, yt, lr, epochs, factor=1.0),
                "mean": _oracle_train13(model, x, y, xt, yt, lr, epochs, mean=True),
                "mean_no_half": _oracle_train13(model, x, y, xt, yt, lr, epochs, factor=1.0, mean=True),
                "after": _oracle_train13(model, x, y, xt, yt, lr, epochs, after=True),
            }
            model = _build(student_train_torch, SPEC13, F64, model)  # theirs: a copy of ours
            params_before = _param_refs(model)
            values_before = _params_np(model)
            ctx = f"for {n} training example(s) and {epochs} epochs"
            try:
                got, after = _call_echo(student_train_torch, model, x, y, xt, yt, lr, epochs,
                                        name="train_torch")
            except CheckFailure as err:
                _hint_from_exception(err, _INPLACE_HINTS)
            for a, b, nm in zip(after[1:5], inputs, ("x", "y", "x_test", "y_test"), strict=True):
                if not isinstance(a, torch.Tensor) or a.shape != b.shape or not torch.equal(a.detach(), b):
                    fail(f"train_torch modified its argument {nm}")
            tr_raw, te_raw = _pair(got, "train_torch", "(train_losses, test_losses)")
            params_after = _param_refs(model)
            if params_after.keys() != params_before.keys() or any(
                    params_after[k] is not params_before[k] for k in params_before):
                fail("train_torch replaced the model's parameter tensors; update the existing "
                     "parameters in place (p -= lr * p.grad under torch.no_grad())")
            values_after = _params_np(model)
            if all(_exactly(values_after[k], values_before[k]) for k in values_before):
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


# --- section 4: an MLP on MNIST ---------------------------------------------------------------------

_ACTIVATIONS = {"relu": (nn.ReLU, torch.relu), "sigmoid": (nn.Sigmoid, torch.sigmoid),
                "tanh": (nn.Tanh, torch.tanh)}
_ACTIVATION_TYPES = (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.LeakyReLU, nn.ELU, nn.GELU, nn.Softmax,
                     nn.LogSoftmax, nn.Softplus, nn.SiLU)

MLP_SUBSET = (2000, 1000)  # MNIST training images 0-1999 to train on, the next 1000 to evaluate
MLP_EPOCHS = 3
MLP_THRESHOLD = 0.80  # the reference reaches 0.877-0.887 over 5 seeds (tests/test_checks_ps3.py)


def _structure(model: Any, label: str, sizes: list[int], activation: str) -> list[Any]:
    if not judge.remote_isinstance(model, "torch.nn.Module"):
        fail_rule(f"section 4 is done with PyTorch: {label} must be a torch.nn.Module built from torch.nn "
                  f"layers (nn.Linear and activations), not {_tname(model)}")
    modules = list(model.modules())
    is_linear = [_isinstance(m, nn.Linear) for m in modules]
    linears = [m for m, lin in zip(modules, is_linear, strict=True) if lin]
    if not linears:
        fail(f"{label} has no registered nn.Linear layers: keep layers in attributes, nn.ModuleList "
             "or nn.Sequential (a plain Python list hides them from PyTorch)")
    want = list(zip(sizes[:-1], sizes[1:], strict=True))
    have = [(m.in_features, m.out_features) for m in linears]
    if have != want:
        fail(f"the Linear layers of {label} map {have}; they must map {want} "
             "(in_features, then each hidden size, then out_features)")
    wanted_type = _ACTIVATIONS[activation][0]
    acts = [m for m, lin in zip(modules, is_linear, strict=True)
            if not lin and any(_isinstance(m, kind) for kind in _ACTIVATION_TYPES)]
    for m in acts:
        if not _isinstance(m, wanted_type):
            fail(f"{label} uses {_tname(m)} where activation={activation!r} was asked")
    n_params = sum(1 for _ in model.parameters())
    if n_params != 2 * len(linears):
        fail(f"{label} has {n_params} parameter tensors; an MLP has a weight and a bias per Linear "
             "layer and nothing else")
    return linears


def _mlp_forward(layers: list[tuple[torch.Tensor, torch.Tensor | None]], fn, x: torch.Tensor) -> torch.Tensor:
    """The layers in order (what `nn.Linear.forward` computes, from their weights read here)."""
    for i, (weight, bias) in enumerate(layers):
        x = nn.functional.linear(x, weight, bias)
        if i < len(layers) - 1:
            x = fn(x)
    return x


def mlp(student_mlp) -> None:
    """MLP(in, hidden_sizes, out, activation): structure, forward = the layers in order, and it learns."""
    cases = [((6, [5], 3), "relu"), ((4, [7, 3], 2), "tanh"), ((3, [4, 4, 2], 5), "sigmoid"),
             ((5, [], 3), "relu"), ((784, [256], 10), None)]
    with _torch_state(student_mlp):
        for (d_in, hidden, d_out), activation in cases:
            _seed(student_mlp, 1)
            kwargs = {} if activation is None else {"activation": activation}
            label = f"MLP({d_in}, {hidden}, {d_out}" + (f", activation={activation!r})"
                                                        if activation else ")")
            model = call(student_mlp, d_in, list(hidden), d_out, name="MLP",
                         arg_names=["in_features", "hidden_sizes", "out_features"], **kwargs)
            act = activation or "relu"
            linears = [(m.weight, m.bias) for m in _structure(model, label, [d_in, *hidden, d_out], act)]
            inputs = torch.Generator().manual_seed(_INPUTS)
            for n in (1, 5):
                x = torch.randn(n, d_in, generator=inputs)
                with torch.no_grad():
                    raw = call(model, x, name=f"{label}.forward", check_unchanged=False)
                    expected = _mlp_forward(linears, _ACTIVATIONS[act][1], x)
                got = _as_array(raw, f"the output of {label} for {n} example(s)", (n, d_out))
                e = expected.double().numpy()
                hints = [(torch.softmax(expected, 1).double().numpy(),
                          "forward must return logits: do not apply softmax (CrossEntropyLoss does it)"),
                         (torch.log_softmax(expected, 1).double().numpy(),
                          "forward must return logits: do not apply log_softmax (CrossEntropyLoss "
                          "does it)"),
                         (_ACTIVATIONS[act][1](expected).double().numpy(),
                          "no activation after the output layer: forward returns logits")]
                if hidden:
                    hints.append((_mlp_forward(linears, lambda t: t, x).detach().double().numpy(),
                                  "the activation between the layers is missing"))
                assert_close(got, e, f"the output of {label}", raw=raw, hints=hints,
                             context=f"for {n} example(s)")
        _mlp_learns(student_mlp)


mlp.time_limit = 40


def _data_dir() -> Path:
    """The course's dataset folder: $COURSE_DATA_DIR, else <repo>/data (never anywhere else)."""
    env = os.environ.get("COURSE_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


def _mnist_subset(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The first `n` MNIST training images (flattened, scaled to [0, 1]) and labels. Missing or
    unreadable files are the grader's fault (GraderFault: a grading error, nobody scored)."""
    folder = _data_dir() / "mnist"
    images, labels = folder / "train-images-idx3-ubyte.gz", folder / "train-labels-idx1-ubyte.gz"
    if not (images.is_file() and labels.is_file()):
        raise GraderFault(f"the MNIST training files are missing from {folder} (the check of MLP trains "
                          "on them): run `python -m utils.data download mnist` or set COURSE_DATA_DIR")
    try:
        with gzip.open(images) as f:
            head = np.frombuffer(f.read(16), dtype=">i4")
            x = np.frombuffer(f.read(n * 784), dtype=np.uint8)
        with gzip.open(labels) as f:
            head_l = np.frombuffer(f.read(8), dtype=">i4")
            y = np.frombuffer(f.read(n), dtype=np.uint8)
    except OSError as exc:
        raise GraderFault(f"the MNIST training files in {folder} cannot be read: {exc}") from None
    if not (len(head) == 4 and head[0] == 2051 and tuple(head[2:]) == (28, 28) and len(head_l) == 2
            and head_l[0] == 2049 and len(y) == n and x.size == n * 784):
        raise GraderFault(f"the MNIST training files in {folder} are not the IDX files expected")
    return x.reshape(n, 784).astype(np.float32) / 255.0, y.astype(np.int64)


def _learning_data() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    n_train, n_eval = MLP_SUBSET
    x, y = _mnist_subset(n_train + n_eval)
    xs, ys = torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(np.ascontiguousarray(y))
    return xs[:n_train], ys[:n_train], xs[n_train:], ys[n_train:]


def train_mlp_briefly(model: Any, x: torch.Tensor, y: torch.Tensor, epochs: int = MLP_EPOCHS,
                      seed: int = 0) -> None:
    """The check's own training loop: Adam (lr 1e-3), batches of 64, shuffled with a fixed seed.

    For a model in the kernel, every step runs there (optimizer, loss and graph stay there), the data
    sent once; the order of the examples is drawn here."""
    def lib(name: str, *args: Any, **kwargs: Any) -> Any:
        return judge.library_call(model, name, *args, as_ref=True, **kwargs)

    optimizer = lib("torch.optim.Adam", model.parameters(), lr=1e-3)
    xs, ys = lib("torch.as_tensor", x), lib("torch.as_tensor", y)
    gen = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=gen)
        for start in range(0, len(x), 64):
            idx = order[start:start + 64]
            lib("torch.optim.Optimizer.zero_grad", optimizer)
            out = judge.call_ref(model, judge.item_ref(xs, idx))
            loss = lib("torch.nn.functional.cross_entropy", out, judge.item_ref(ys, idx))
            lib("torch.Tensor.backward", loss)
            lib("torch.optim.Adam.step", optimizer)


def _mlp_learns(student_mlp) -> None:
    x_tr, y_tr, x_ev, y_ev = _learning_data()
    threshold, epochs, what = MLP_THRESHOLD, MLP_EPOCHS, "a fixed MNIST subset"
    _seed(student_mlp, 0)
    d_in = x_tr.shape[1]
    model = call(student_mlp, d_in, [128], 10, name="MLP", check_unchanged=False)
    if not any(True for _ in model.parameters()):
        fail("MLP has no parameters for the optimizer to train")
    try:
        train_mlp_briefly(model, x_tr, y_tr, epochs)
        model.eval()
        with torch.no_grad():
            logits = model(x_ev)
    except (CheckFailure, *judge.CHANNEL_FAULTS):
        raise
    except judge.RemoteError as exc:
        fail(f"training MLP({d_in}, [128], 10) with Adam raised {exc.type_name}: {exc.message}")
    except Exception as exc:
        fail(f"training MLP({d_in}, [128], 10) with Adam raised {type(exc).__name__}: {exc}")
    out = _as_array(logits, "the MLP's output", (len(x_ev), 10))
    accuracy = float(np.mean(np.argmax(out, axis=1) == y_ev.numpy()))
    if not accuracy >= threshold:
        fail(f"MLP(…, [128], 10) trained briefly with Adam on {what} reaches {accuracy:.0%} accuracy; "
             f"a working MLP reaches at least {threshold:.0%} there")


def _loader(n: int, d: int, k: int, batch: int, seed: int, dtype: torch.dtype):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=gen, dtype=dtype)
    y = torch.randint(0, k, (n,), generator=gen)
    data = torch.utils.data.TensorDataset(x, y)
    return torch.utils.data.DataLoader(data, batch_size=batch, shuffle=False), x, y


def _their_loader(like: Any, x: torch.Tensor, y: torch.Tensor, batch: int) -> Any:
    """The same DataLoader as `_loader`'s, where the student's code runs."""
    data = judge.library_call(like, "torch.utils.data.TensorDataset", x, y, as_ref=True)
    return judge.library_call(like, "torch.utils.data.DataLoader", data, batch_size=batch, shuffle=False,
                              as_ref=True)


def _oracle_epoch(model: nn.Module, loader, lr: float, *, zero_grad: bool = True,
                  momentum: float = 0.0) -> tuple[float, float, float, float, dict[str, np.ndarray]]:
    """Our epoch on a copy: (mean over examples, mean of batch means, sum, last batch, params).

    SGD written out (what `torch.optim.SGD` does on the CPU, momentum included: the first step's buffer
    is the gradient, then buf = momentum · buf + grad, p += −lr · buf), gradients dropped by hand:
    nothing of `torch.optim`, which the student's code may have replaced in a process it shares with
    the check (the corpus's in-process loopback; before the checks moved to the grader, the grading
    kernel: `adv_alias_zero_grad` in the corpus)."""
    model = copy.deepcopy(model)
    params = list(model.parameters())
    buffers: list[torch.Tensor | None] = [None] * len(params)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    batch_means, sizes = [], []
    for xb, yb in loader:
        if zero_grad:
            for p in params:
                p.grad = None
        loss = loss_fn(model(xb), yb)
        loss.backward()
        with torch.no_grad():
            for i, p in enumerate(params):
                step = p.grad
                if momentum:
                    buffers[i] = (p.grad.clone() if buffers[i] is None
                                  else buffers[i].mul_(momentum).add_(p.grad))
                    step = buffers[i]
                p.add_(step, alpha=-lr)
        batch_means.append(loss.item())
        sizes.append(len(xb))
    means = np.array(batch_means)
    return (float(np.dot(means, sizes) / sum(sizes)), float(means.mean()), float(means.sum()),
            float(means[-1]), _params_np(model))


def train_epoch(student_train_epoch) -> None:
    """One epoch: mean loss over the examples, zero_grad/backward/step per batch, training mode."""
    like = student_train_epoch
    with _torch_state(like):
        for n, batch, dtype, seed, momentum in ((10, 4, F64, 0, 0.0), (3, 1, F64, 1, 0.0),
                                                (13, 5, torch.float32, 2, 0.0), (9, 3, F64, 3, 0.9)):
            torch.manual_seed(seed)
            ours = nn.Sequential(nn.Linear(5, 6), nn.Identity(), nn.ReLU(), nn.Linear(6, 3)).to(dtype)
            loader, x, y = _loader(n, 5, 3, batch, seed, dtype)
            lr = 0.3
            exp_mean, exp_batch_mean, exp_sum, exp_last, exp_params = _oracle_epoch(ours, loader, lr,
                                                                                    momentum=momentum)
            acc = _oracle_epoch(ours, loader, lr, zero_grad=False, momentum=momentum)[4]
            by_hand = _oracle_epoch(ours, loader, lr)[4] if momentum else None
            spec = (("Linear", (5, 6)), ("Identity", ()), ("ReLU", ()), ("Linear", (6, 3)))
            model = _build(like, spec, dtype, ours)  # the probe watches the Identity
            before = _params_np(model)
            judge.library_call(model, "torch.nn.Module.eval", model, as_ref=True)
            probe = _Probe()
            probe.watch(model, 1)
            optimizer = judge.library_call(like, "torch.optim.SGD", model.parameters(), lr=lr,
                                           momentum=momentum, as_ref=True)
            loss_fn = judge.library_call(like, "torch.nn.CrossEntropyLoss", as_ref=True)
            raw = call(student_train_epoch, model, _their_loader(like, x, y, batch), optimizer, loss_fn,
                       name="train_epoch", check_unchanged=False)
            ctx = f"for {n} examples in batches of {batch}" + (" with SGD and momentum" if momentum else "")
            if not probe.seen:
                fail("train_epoch never called the model")
            if any(not training for training, _ in probe.seen):
                fail("train_epoch ran the model in evaluation mode: call model.train() first")
            if any(not grad for _, grad in probe.seen):
                fail("train_epoch ran the model without gradients (inside torch.no_grad())")
            loss = _as_float(raw, "the value returned by train_epoch")
            after = _params_np(model)
            if all(_exactly(after[k], before[k]) for k in before):
                fail("train_epoch did not change the parameters: call loss.backward() and then "
                     "optimizer.step() for every batch")
            rtol, atol = tolerances(raw if dtype == F64 else torch.zeros(1, dtype=dtype))
            if not all(is_close(after[k], exp_params[k], max(rtol, 1e-5), max(atol, 1e-6))
                       for k in before):
                if all(is_close(after[k], acc[k], max(rtol, 1e-5), max(atol, 1e-6)) for k in before):
                    fail("gradients accumulate across batches: call optimizer.zero_grad() before "
                         f"each backward() ({ctx})")
                if by_hand is not None and all(is_close(after[k], by_hand[k], max(rtol, 1e-5),
                                                        max(atol, 1e-6)) for k in before):
                    fail_rule("train_epoch updates the parameters itself (p -= lr · p.grad) instead of "
                         "calling optimizer.step(): the optimizer owns the update (this one has "
                         f"momentum) ({ctx})")
                fail("after train_epoch the parameters are not where one SGD step per batch leads: "
                     f"zero_grad, forward, loss, backward, step for each batch ({ctx})")
            hints = []
            if len(loader) > 1:
                hints += [(exp_sum, "train_epoch returns the sum of the batch losses; return the mean "
                                    "over the examples"),
                          (exp_last, "train_epoch returns the last batch's loss; return the mean over "
                                     "all examples of the epoch")]
            if n % batch:
                hints.append((exp_batch_mean, "train_epoch averages the batch means, but the last "
                                              "batch is smaller: weight each batch's loss by its size"))
            assert_close(np.array(loss), np.array(exp_mean), "the mean loss of train_epoch",
                         raw=torch.zeros(1, dtype=dtype), hints=hints, context=ctx)


def evaluate(student_evaluate) -> None:
    """(mean loss, accuracy) in evaluation mode and without building a graph (Dropout, BatchNorm)."""
    like = student_evaluate
    with _torch_state(like):
        for n, batch, dtype, seed in ((11, 4, torch.float32, 0), (1, 1, F64, 1), (30, 8, F64, 2)):
            torch.manual_seed(seed)
            ours = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.5),
                                 nn.Linear(8, 3), nn.Identity()).to(dtype)
            with torch.no_grad():  # give BatchNorm running statistics unlike any batch's
                for _ in range(3):
                    ours(torch.randn(16, 4, dtype=dtype) * 3 + 1)
            ours.train()
            loader, x, y = _loader(n, 4, 3, batch, seed, dtype)
            reference = copy.deepcopy(ours).eval()
            with torch.no_grad():
                logits = reference(x)
                per_example = nn.functional.cross_entropy(logits, y, reduction="none").double()
                correct = (logits.argmax(dim=1) == y).double()
            exp_loss, exp_acc = float(per_example.mean()), float(correct.mean())
            spec = (("Linear", (4, 8)), ("BatchNorm1d", (8,)), ("ReLU", ()), ("Dropout", (0.5,)),
                    ("Linear", (8, 3)), ("Identity", ()))
            model = _build(like, spec, dtype, ours)  # in training mode; the probe watches the Identity
            state = _state(model)
            probe = _Probe()
            probe.watch(model, 5)
            loss_fn = judge.library_call(like, "torch.nn.CrossEntropyLoss", as_ref=True)
            raw = call(student_evaluate, model, _their_loader(like, x, y, batch), loss_fn, name="evaluate",
                       check_unchanged=False)
            loss_raw, acc_raw = _pair(raw, "evaluate", "(loss, accuracy)")
            ctx = f"for {n} examples in batches of {batch}"
            if not probe.seen:
                fail("evaluate never called the model")
            if any(training for training, _ in probe.seen):
                fail("evaluate ran the model in training mode (Dropout and BatchNorm behave "
                     "differently): call model.eval() first")
            if any(grad for _, grad in probe.seen):
                fail("evaluate built a gradient graph: wrap the loop in torch.no_grad()")
            for k, v in _state(model).items():
                if k not in state or v.shape != state[k].shape or not torch.equal(v, state[k]):
                    fail(f"evaluate changed the model's {k}; evaluation must not modify the model")
            loss = _as_float(loss_raw, "the loss returned by evaluate")
            acc = _as_float(acc_raw, "the accuracy returned by evaluate")
            if not 0.0 <= acc <= 1.0:
                fail("the accuracy must be a fraction in [0, 1], not a percentage or a count")
            sizes = [len(yb) for _, yb in loader]
            bounds = np.cumsum([0, *sizes])
            batch_losses = [float(per_example[a:b].mean()) for a, b in zip(bounds[:-1], bounds[1:],
                                                                             strict=True)]
            batch_accs = [float(correct[a:b].mean()) for a, b in zip(bounds[:-1], bounds[1:],
                                                                      strict=True)]
            loss_hints, acc_hints = [], []
            if n % batch:
                loss_hints.append((np.mean(batch_losses), "evaluate averages the batch means, but the "
                                   "last batch is smaller: weight each batch by its size"))
                acc_hints.append((np.mean(batch_accs), "evaluate averages the batch accuracies, but "
                                  "the last batch is smaller: count correct predictions"))
            if len(sizes) > 1:
                loss_hints.append((np.sum(batch_losses), "evaluate returns the sum of the batch "
                                   "losses; return the mean over the examples"))
                acc_hints.append((float(correct.sum()) / len(sizes), "the accuracy is divided by the "
                                  "number of batches; divide by the number of examples"))
            fp = torch.zeros(1, dtype=dtype)
            assert_close(np.array(loss), np.array(exp_loss), "the loss of evaluate", raw=fp,
                         hints=loss_hints, context=ctx)
            assert_close(np.array(acc), np.array(exp_acc), "the accuracy of evaluate", raw=fp,
                         hints=acc_hints, context=ctx, ratio_hint=False)
