"""Hidden checks of problem set 1, backpropagation by hand (`source/ps1_backprop_by_hand`).

Every expected value is computed here independently of the notebook's reference solution: PyTorch
float64 autograd on the same numbers (sections 1, 2, 4, 5 and the gradients of section 3). Wrong
answers that a typical mistake produces (σ′ applied to the pre-activation, the ½ dropped or doubled, a
transposed gradient, c read as a one-hot vector, only the diagonal of the softmax Jacobian, the output
sigmoid's derivative left out, ...) are recomputed with NumPy and passed to `assert_close` as hints,
so that the student reads which mistake it looks like, never the expected number.

Section 3 must be plain Python: the kernel reads the bytecode of the student's function (and of every
function of theirs it calls, closures and default arguments included) and reports any reference to
NumPy, PyTorch, SciPy, ..., `__import__`, `eval` or `exec` (`autograder.in_kernel.evidence`); the
results must then be lists (or tuples) of built-in `float`/`int`, which also catches NumPy scalars that
slipped through.

These checks run in the grader (`autograder.judge`): the student's functions are proxies, every call
computed in the kernel and answered with plain data.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import torch

from autograder.checklib import (
    CheckFailure,
    as_array,
    as_float,
    assert_close,
    call,
    fail,
    is_close,
    rng_for,
    tolerances,
)

JUDGED_BY_GRADER = True
T = torch.float64

# --------------------------------------------------------------------------------------------------
# helpers


def _t(a: Any) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=T)


def _n(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().astype(np.float64).copy()


def _sig(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _shape_str(shape: Sequence[int]) -> str:
    return str(tuple(int(d) for d in shape))


def _array(value: Any, name: str, shape: tuple[int, ...], *, scalar_ok: bool = False,
           like: str | None = None, transposed_hint: str | None = None) -> np.ndarray:
    """`value` as a float64 array of `shape` (a number is accepted for shape (1,) if `scalar_ok`)."""
    arr = as_array(value, name)
    if tuple(arr.shape) == tuple(shape):
        return arr
    if scalar_ok and arr.size == 1 and arr.ndim <= 1:
        return arr.reshape(shape)
    want = f"the shape of {like}, {_shape_str(shape)}" if like else f"shape {_shape_str(shape)}"
    msg = f"{name} has shape {_shape_str(arr.shape)}; it must have {want}"
    if transposed_hint and len(shape) == 2 and tuple(arr.shape) == (shape[1], shape[0]):
        msg += f" ({transposed_hint})"
    fail(msg)


def _close_hand(value: np.ndarray, expected: np.ndarray, name: str, raw: Any,
                hints: Sequence[tuple[Any, str]] = ()) -> None:
    """Hand-computed values: a relative error of 1e-4 of the quantity's size is allowed."""
    scale = float(np.max(np.abs(expected))) or 1.0
    hints = [*hints, (-expected, f"{name} has the wrong sign")]
    assert_close(value, expected, name, rtol=1e-4, atol=1e-4 * scale, raw=raw, hints=hints,
                 context="(checked to a relative 1e-4: keep at least 6 significant digits)")


def _scaled_close(value: np.ndarray, expected: np.ndarray, name: str, raw: Any,
                  hints: Sequence[tuple[Any, str]] = (), context: str = "",
                  factors: Mapping[str, float] | None = None) -> None:
    """Computed values: dtype tolerance, with an absolute floor relative to the array's size."""
    rtol, atol = tolerances(raw)
    scale = float(np.max(np.abs(expected), initial=0.0))
    assert_close(value, expected, name, rtol=rtol, atol=max(atol * 1e-2, rtol * 1e-2 * scale),
                 raw=raw, hints=hints, context=context, factors=factors)


def _half_hints(name: str, expected: np.ndarray) -> list[tuple[np.ndarray, str]]:
    return [
        (2 * expected, f"{name} is twice the correct value: check the factor ½ of the loss "
                       "(d/dx ½(x − y)² = x − y)"),
        (0.5 * expected, f"{name} is half the correct value: the factor ½ of the loss was applied twice"),
    ]


def _zero_hint(name: str, expected: np.ndarray, what: str) -> list[tuple[np.ndarray, str]]:
    if np.allclose(expected, 0):
        return []
    return [(np.zeros_like(expected), f"{name} is all zeros: {what}")]


# --------------------------------------------------------------------------------------------------
# the rule of sections 1-5: derivatives by hand (plain Python or NumPy), no autograd, no numerical
# differentiation. Read grader-side from what the kernel holds (code objects' names, the globals they
# refer to), and seen in behaviour: finite differences cannot resolve the tiny exact partials of
# saturated units (`_assert_analytic`).

RULE = ("sections 1–5 ask for the derivatives worked out by hand, in plain Python or NumPy: no automatic "
        "differentiation (PyTorch, JAX, autograd, ...) and no numerical differentiation (finite "
        "differences); this function scores no points until it follows that rule")
_AUTOGRAD_ROOTS = {"torch", "jax", "jaxlib", "autograd", "functorch", "tensorflow", "keras", "mxnet", "sympy",
                   "paddle", "mlx", "tinygrad"}
_NUMERICAL_NAMES = {"approx_fprime", "check_grad", "eval_numerical_gradient", "eval_numerical_gradient_array",
                    "check_gradients", "grad_check_sparse", "numerical_gradient", "approx_derivative",
                    "numdifftools"}
_NUMERICAL_MODULES = {"utils.gradcheck", "scipy.optimize", "scipy.differentiate", "scipy.misc",
                      "numdifftools"}
_LIB_LABEL = {"torch": "PyTorch", "jax": "JAX", "jaxlib": "JAX", "autograd": "autograd",
              "tensorflow": "TensorFlow"}


def _kernel_value(obj: Any, name: str) -> Any:
    """`obj.name` as a plain value (a string, a tuple of strings), or None."""
    from autograder import judge

    try:
        v = judge.attribute_ref(obj, name)
        return judge.fetch(v) if judge.is_remote(v) else v
    except (AttributeError, judge.RemoteError):
        return None


def _code_names(code: Any, budget: list[int]) -> set[str]:
    """Names a code object (and every code object nested in it) loads or imports."""
    from autograder import judge

    names: set[str] = set()
    todo = [code]
    while todo and budget[0] > 0:
        c = todo.pop()
        budget[0] -= 1
        got = _kernel_value(c, "co_names")
        if isinstance(got, list | tuple):
            names.update(n for n in got if isinstance(n, str))
        try:
            consts = judge.attribute_ref(c, "co_consts")
            for i in range(len(consts)):
                item = judge.item_ref(consts, i)
                if judge.type_name(item) == "builtins.code":
                    todo.append(item)
        except (AttributeError, TypeError, judge.RemoteError):
            continue
    return names


def _rule_violation(fn: Any, name: str) -> str | None:
    """A message if `fn` (or a function of the student's it uses) uses autograd or numerical
    differentiation; None otherwise. Works on a kernel function (Remote) and on a local one."""
    from autograder import judge

    budget = [200]  # code objects and globals looked at: bounded, whatever the student wrote
    seen: set[int] = set()
    todo = [(fn, name)]
    while todo and budget[0] > 0:
        f, where = todo.pop()
        if id(f) in seen or judge.type_name(f) != "builtins.function":
            continue
        seen.add(id(f))
        try:
            code = judge.attribute_ref(f, "__code__")
            glb = judge.attribute_ref(f, "__globals__")
        except (AttributeError, judge.RemoteError):
            continue
        names = _code_names(code, budget)
        message = _names_violation(names, name, where)
        for label, obj in [] if message else _related_objects(f, glb, names, where, budget):
            message = _object_violation(obj, label, name, where, todo)
            if message:
                break
        if message:
            return message
    return None


def _names_violation(names: set[str], name: str, where: str) -> str | None:
    """The rule broken by a name the code refers to (torch..., approx_fprime, ...), if any."""
    for n in names:
        root = n.split(".")[0]
        if root in _AUTOGRAD_ROOTS:
            return f"{name} uses {_LIB_LABEL.get(root, root)} (in {where}): {RULE}"
        if n in _NUMERICAL_NAMES:
            return f"{name} uses {n}, numerical differentiation (in {where}): {RULE}"
    return None


def _related_objects(f: Any, glb: Any, names: set[str], where: str,
                     budget: list[int]) -> list[tuple[str, Any]]:
    """(label, object) for the globals the code names and the function's default arguments."""
    from autograder import judge

    related: list[tuple[str, Any]] = []
    for n in sorted(names):
        budget[0] -= 1
        if budget[0] <= 0:
            break
        try:
            related.append((n, judge.item_ref(glb, n)))
        except (KeyError, TypeError, judge.RemoteError):
            continue
    defaults = _kernel_value(f, "__defaults__")
    if isinstance(defaults, list | tuple):
        related += [(f"a default argument of {where}", d) for d in defaults]
    return related


def _object_violation(obj: Any, label: str, name: str, where: str, todo: list) -> str | None:
    """The rule broken by a module or function the code uses, if any; the student's own functions are
    queued in `todo` to be looked at in turn."""
    from autograder import judge

    tn = judge.type_name(obj)
    if tn == "builtins.module":
        module = str(_kernel_value(obj, "__name__") or "")
    elif tn in ("builtins.function", "builtins.builtin_function_or_method", "functools.partial"):
        module = str(_kernel_value(obj, "__module__") or "")
    else:
        module = tn
    root = module.split(".")[0]
    if root in _AUTOGRAD_ROOTS:
        return f"{name} uses {_LIB_LABEL.get(root, root)} ({label}, in {where}): {RULE}"
    if tn != "builtins.module" and any(module == m or module.startswith(m + ".") for m in _NUMERICAL_MODULES):
        fname = _kernel_value(obj, "__name__")
        if fname in _NUMERICAL_NAMES:
            return f"{name} uses {fname}, numerical differentiation (in {where}): {RULE}"
    if tn == "builtins.function" and root not in ("numpy", "scipy", "math", "utils", "autograder"):
        todo.append((obj, label))
    return None


def _assert_by_hand(fn: Any, name: str) -> None:
    message = _rule_violation(fn, name)
    if message:
        fail(message)


def _saturation_fail(name: str) -> None:
    fail(f"{name} does not compute its derivatives analytically: for strongly saturated sigmoid units the "
         "exact partial derivatives are tiny but not zero, and yours miss them the way numerical "
         f"differentiation (finite differences) does: {RULE}")


def _close_per_entry(got: np.ndarray, expected: np.ndarray) -> bool:
    """Entry by entry to a relative 1e-3 (float32 answers included), however tiny the entry."""
    return bool(np.all(np.abs(got - expected) <= 1e-3 * np.abs(expected) + 1e-300))


@contextlib.contextmanager
def _standins(fn: Any, **replacements: Callable[..., Any]) -> Iterator[None]:
    """Run `fn` with the other graded functions it calls by name replaced by the grader's correct ones,
    in the namespace `fn` was defined in (the kernel's, for a function there: the kernel calls the
    grader back). So a mistake in forward_scalar costs forward_scalar's points only. Names the
    namespace does not define are left alone."""
    from autograder import judge

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


# --------------------------------------------------------------------------------------------------
# section 1: the 2-2-1 network with the student's own numbers (utils.personal, from STUDENT_ID)


def _plain_id(student_id: Any) -> str:
    """STUDENT_ID as a plain string (a str subclass held in the kernel is read as its value)."""
    from autograder import judge

    value = judge.fetch(student_id) if judge.is_remote(student_id) else student_id
    if isinstance(value, str):
        return str.__str__(value)
    fail("STUDENT_ID (first code cell) must be your student id as a string in quotes, e.g. "
         'STUDENT_ID = "jdoe"')


def _student_network(student_id: Any) -> dict[str, Any]:
    """The section's numbers for the submission's STUDENT_ID; fails when it is not the submitter's id."""
    from autograder.judge import submission_student
    from utils.personal import network_for

    sid = _plain_id(student_id).strip()
    if not sid:
        fail("STUDENT_ID is empty: enter your student id in the first code cell; section 1's numbers "
             "are computed from it")
    submitted = submission_student()
    if submitted is not None and submitted.strip() != sid:
        fail("the id in your first cell (STUDENT_ID) is not the id you submitted under: section 1's "
             "numbers must be those of your own id; put your own id in the first cell, rerun the notebook "
             "and redo section 1")
    return network_for(sid)


def _oracle_221(net: Mapping[str, Any]) -> dict[str, np.ndarray]:
    W1, b1, W2, b2 = (_t(net[k]).requires_grad_() for k in ("W1", "b1", "W2", "b2"))
    z1 = W1 @ _t(net["x0"]) + b1
    x1 = torch.sigmoid(z1)
    z2 = W2 @ x1 + b2
    x2 = torch.sigmoid(z2)
    loss = 0.5 * ((x2 - float(net["y"])) ** 2).sum()
    loss.backward()
    return {"z1": _n(z1), "x1": _n(x1), "z2": _n(z2), "x2": _n(x2), "loss": _n(loss),
            "dW1": _n(W1.grad), "db1": _n(b1.grad), "dW2": _n(W2.grad), "db2": _n(b2.grad)}


def _wrong_221(net: Mapping[str, Any], *, bias: bool = True, w1_transposed: bool = False,
               out_sigmoid: bool = True, half: float = 0.5, prime_on_z: bool = False,
               out_prime: bool = True) -> dict[str, np.ndarray]:
    """The 2-2-1 network in NumPy with one typical mistake switched on (hint values only)."""
    W1, b1, W2, b2, x0 = (np.array(net[k], dtype=float) for k in ("W1", "b1", "W2", "b2", "x0"))
    target = float(net["y"])
    if not bias:
        b1, b2 = 0 * b1, 0 * b2
    z1 = (W1.T if w1_transposed else W1) @ x0 + b1
    x1 = _sig(z1)
    z2 = W2 @ x1 + b2
    x2 = _sig(z2) if out_sigmoid else z2
    loss = half * float(((x2 - target) ** 2).sum())

    def prime(z, a):
        return z * (1 - z) if prime_on_z else a * (1 - a)

    d2 = 2 * half * (x2 - target) * (prime(z2, x2) if out_prime else 1.0)
    d1 = (W2.T @ d2) * prime(z1, x1)
    return {"z1": z1, "x1": x1, "z2": z2, "x2": x2, "loss": np.array(loss),
            "dW1": np.outer(d1, x0), "db1": d1, "dW2": np.outer(d2, x1), "db2": d2}


def forward_221(student_id: Any = None, z1: Any = None, x1: Any = None, z2: Any = None, x2: Any = None,
                loss: Any = None) -> None:
    """The forward-pass values of the student's own 2-2-1 network (from STUDENT_ID), to a relative 1e-4."""
    net = _student_network(student_id)
    exp = _oracle_221(net)
    no_bias = _wrong_221(net, bias=False)
    w1t = _wrong_221(net, w1_transposed=True)
    no_out = _wrong_221(net, out_sigmoid=False)
    no_half = _wrong_221(net, half=1.0)
    quarter = _wrong_221(net, half=0.25)
    got = {
        "z1": _array(z1, "z1", (2,)),
        "x1": _array(x1, "x1", (2,)),
        "z2": _array(z2, "z2", (1,), scalar_ok=True),
        "x2": _array(x2, "x2", (1,), scalar_ok=True),
    }
    got["loss"] = np.array(as_float(loss, "loss"))
    raws = {"z1": z1, "x1": x1, "z2": z2, "x2": x2, "loss": loss}
    hints = {
        "z1": [(no_bias["z1"], "z1 is missing the bias b1"),
               (w1t["z1"], "z1 uses W1 transposed: in this section z = W x, with W of shape (out, in)")],
        "x1": [(no_bias["x1"], "x1 is computed without the bias b1"),
               (w1t["x1"], "x1 is computed with W1 transposed: z = W x, with W of shape (out, in)"),
               (exp["z1"], "x1 equals z1: apply the sigmoid to the hidden layer")],
        "z2": [(no_bias["z2"], "z2 is missing a bias term (b1 or b2)"),
               (w1t["z2"], "z2 is computed with W1 transposed: z = W x, with W of shape (out, in)")],
        "x2": [(no_out["x2"], "x2 equals z2: the output layer also applies the sigmoid"),
               (no_bias["x2"], "x2 is computed without a bias term"),
               (w1t["x2"], "x2 is computed with W1 transposed")],
        "loss": [(no_half["loss"], "loss is twice the correct value: the loss has a factor ½"),
                 (quarter["loss"], "loss is half the correct value: the factor ½ appears once"),
                 (no_out["loss"], "loss is computed without the output sigmoid"),
                 (no_bias["loss"], "loss is computed without the biases")],
    }
    for name in ("z1", "x1", "z2", "x2", "loss"):
        _close_hand(got[name], exp[name], name, raws[name], hints[name])


forward_221.time_limit = 20


def backward_221(student_id: Any = None, dW1: Any = None, db1: Any = None, dW2: Any = None,
                 db2: Any = None) -> None:
    """The gradients of the student's own 2-2-1 network, shaped like the parameters, to a relative 1e-4."""
    net = _student_network(student_id)
    exp = _oracle_221(net)
    got = {
        "dW2": _array(dW2, "dW2", (1, 2), like="W2", transposed_hint="transposed?"),
        "db2": _array(db2, "db2", (1,), scalar_ok=True, like="b2"),
        "dW1": _array(dW1, "dW1", (2, 2), like="W1"),
        "db1": _array(db1, "db1", (2,), like="b1"),
    }
    raws = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    on_z = _wrong_221(net, prime_on_z=True)
    no_out = _wrong_221(net, out_prime=False)
    no_bias = _wrong_221(net, bias=False)
    for name in ("dW2", "db2", "dW1", "db1"):
        hints = [
            (on_z[name], f"{name}: σ′ was computed as z(1 − z) on the pre-activation; "
                         "σ′(z) = σ(z)(1 − σ(z)) = x(1 − x) uses the activation"),
            (no_out[name], f"{name}: the derivative of the output sigmoid σ′(z2) is missing"),
            (no_bias[name], f"{name} is computed on a forward pass without the biases"),
            *_half_hints(name, exp[name]),
        ]
        if name == "dW1":
            hints.insert(0, (exp["dW1"].T, "dW1 is transposed: dW1[i, j] = ∂l/∂W1[i, j], where "
                                           "W1[i, j] connects input j to hidden unit i"))
        if name == "dW2":
            hints.append((exp["db2"] * np.asarray(net["x0"])[None, :],
                          "dW2 uses the network input x0; it needs the hidden activations x1"))
        if name.startswith("db"):
            hints += _zero_hint(name, exp[name], "the bias gradient is forgotten (∂l/∂b is the δ of its "
                                                 "layer)")
        _close_hand(got[name], exp[name], name, raws[name], hints)


backward_221.time_limit = 20


# --------------------------------------------------------------------------------------------------
# section 2: softmax and cross-entropy


def _softmax_t(o: np.ndarray) -> np.ndarray:
    return _n(torch.softmax(_t(o), dim=0))


def _finite_or_fail(arr: np.ndarray, name: str, context: str) -> None:
    if not np.isfinite(arr).all():
        fail(f"{name} contains NaN or inf {context}")


def softmax(student_softmax: Callable[..., Any]) -> None:
    """softmax on random logits of sizes 1 to 10 (arrays and lists), then |o| up to 1e3."""
    rng = rng_for(101)
    cases: list[tuple[Any, str]] = []
    for k in (3, 1, 2, 7, 10):
        cases.append((rng.normal(size=k) * 3, f"for K={k}"))
    cases.append(((rng.normal(size=4) * 2).tolist(), "when o is a Python list"))
    cases.append((np.array([0.5, -1.0, 2.0], dtype=np.float32), "for a float32 input"))
    large = [
        np.array([1000.0, 999.0, -1000.0]),
        np.array([-1000.0, -999.5, -1001.0]),
        np.full(4, 1000.0),
        np.array([1000.0, -1000.0]),
        rng.uniform(-1000, 1000, size=6),
    ]
    cases += [(o, "for large logits (|o| up to 1e3): subtract max(o) before exponentiating")
              for o in large]
    for o, context in cases:
        k = len(o)
        try:
            raw = call(student_softmax, o, name="softmax", arg_names=["o"])
        except CheckFailure as exc:
            if "OverflowError" in str(exc):
                fail("softmax raised OverflowError for large logits (|o| up to 1e3): e^o does not fit in a "
                     "float; subtract max(o) from every logit before exponentiating")
            raise
        got = as_array(raw, "softmax(o)", finite=False)
        if got.shape != (k,):
            fail(f"softmax(o) has shape {_shape_str(got.shape)} for o of shape ({k},); "
                 f"it must have shape ({k},)")
        _finite_or_fail(got, "softmax(o)", context)
        expected = _softmax_t(np.asarray(o, dtype=np.float64))
        o64 = np.asarray(o, dtype=np.float64)
        hints = [
            (_n(torch.log_softmax(_t(o64), dim=0)), "softmax(o) returned log-probabilities (log-softmax)"),
            (np.exp(o64 - o64.max()), "softmax(o) does not sum to 1: divide by the sum of the exponentials"),
        ]
        if abs(got.sum() - 1) > 1e-3 and not np.allclose(expected.sum(), 0):
            hints.append((got, "softmax(o) does not sum to 1"))
        _scaled_close(got, expected, "softmax(o)", raw, hints, context=context)


softmax.time_limit = 20


def _random_probs(rng: np.random.Generator, k: int) -> np.ndarray:
    """A softmax output whose entries are not tiny (moderate logits)."""
    return _softmax_t(rng.normal(size=k))


def _target(rng: np.random.Generator, k: int, i: int) -> int | np.integer:
    """Target class for case i: the first case uses c = 2 (c = 0 or 1 would hide the one-hot mistake)."""
    c = 2 if i == 0 else int(rng.integers(0, k))
    return np.int64(c) if i % 2 else c


def _index_with_onehot(y: np.ndarray, c: int, values: np.ndarray) -> np.ndarray:
    """What `g[e_c.astype(int)] = values[e_c.astype(int)]` gives on a copy of y (or of zeros for dl_dy):
    the one-hot vector's values 0 and 1 used as indices touch entries 0 and 1, not c."""
    k = len(y)
    if k < 2:
        return np.full(k, np.nan)  # index 1 does not exist: that mistake raises instead
    idx = np.eye(k)[int(c)].astype(int)
    base = np.zeros(k) if np.allclose(values, -1 / y) else np.array(y, dtype=float)
    base[idx] = values[idx]
    return base


def _dl_dy_t(y: np.ndarray, c: int) -> np.ndarray:
    yt = _t(y).requires_grad_()
    (-torch.log(yt[int(c)])).backward()
    return _n(yt.grad)


def dl_dy(student_dl_dy: Callable[..., Any]) -> None:
    """∂l/∂y for l = −log y_c on random probability vectors (K = 1..10), arrays and lists, c int."""
    rng = rng_for(102)
    for i, k in enumerate((4, 3, 1, 2, 10, 5)):
        y = _random_probs(rng, k)
        c = _target(rng, k, i)
        arg = y.tolist() if i == 3 else y
        raw = call(student_dl_dy, arg, c, name="dl_dy", arg_names=["y", "c"])
        got = _array(raw, "dl_dy(y, c)", (k,))
        expected = _dl_dy_t(y, c)
        one_hot = np.eye(k)[int(c)]
        hints = [
            (-int(c) / y, "dl_dy treats c as a one-hot vector; c is the integer index of the target class"),
            (-1 / y, "dl_dy(y, c) differentiates −log summed over all classes; the loss is −log y_c of the "
                     "target class only, so only entry c is non-zero"),
            (_index_with_onehot(y, c, -1 / y), "dl_dy uses the one-hot values (0 and 1) as indices; index "
                                               "with the integer c itself"),
            (-one_hot * np.log(y), "dl_dy returned −log y (the loss), not its derivative"),
            (-one_hot * y, "dl_dy(y, c): the derivative of −log y_c is −1 / y_c"),
            (y - one_hot, "dl_dy returned ∂l/∂o; this function is ∂l/∂y"),
        ]
        _scaled_close(got, expected, "dl_dy(y, c)", raw, hints, context=f"for K={k}")


dl_dy.time_limit = 20


def _dy_do_t(o: np.ndarray) -> np.ndarray:
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), _t(o))
    return _n(jac)


def dy_do(student_dy_do: Callable[..., Any]) -> None:
    """The K × K softmax Jacobian for random probability vectors, K = 1..6, arrays and lists."""
    rng = rng_for(103)
    for i, k in enumerate((3, 2, 6, 4, 1)):
        o = rng.normal(size=k) * 1.5
        y = _softmax_t(o)
        arg = y.tolist() if i == 3 else y
        raw = call(student_dy_do, arg, name="dy_do", arg_names=["y"])
        got = as_array(raw, "dy_do(y)")
        if got.shape == (k,) and k > 1:
            fail(f"dy_do(y) has shape ({k},): it must return the full K × K Jacobian, not only its diagonal")
        if got.shape != (k, k):
            fail(f"dy_do(y) has shape {_shape_str(got.shape)} for y of shape ({k},); "
                 f"it must have shape ({k}, {k})")
        expected = _dy_do_t(o)
        hints = [
            (np.diag(y * (1 - y)), "dy_do(y) has only the diagonal of the Jacobian; the off-diagonal "
                                   "entries ∂y_i/∂o_j = −y_i y_j (i ≠ j) are not zero"),
            (-np.outer(y, y), "dy_do(y) is missing the diagonal term: ∂y_i/∂o_i has an extra y_i"),
            (np.diag(y) - float(y @ y), "dy_do(y) uses the inner product y·y where the outer product "
                                        "y yᵀ is needed"),
            (np.outer(y, 1 - y), "dy_do(y) applies the sigmoid derivative pattern y_i(1 − y_j) to every "
                                 "entry"),
        ]
        _scaled_close(got, expected, "dy_do(y)", raw, hints, context=f"for K={k}")


dy_do.time_limit = 20


def _dl_do_t(o: np.ndarray, c: int) -> np.ndarray:
    ot = _t(o).requires_grad_()
    (-torch.log_softmax(ot, dim=0)[int(c)]).backward()
    return _n(ot.grad)


def dl_do(student_dl_do: Callable[..., Any]) -> None:
    """∂l/∂o = y − e_c for random probability vectors (K = 1..10), arrays and lists, c int."""
    rng = rng_for(104)
    for i, k in enumerate((4, 2, 1, 3, 10)):
        o = rng.normal(size=k) * 1.5
        y = _softmax_t(o)
        c = _target(rng, k, i)
        arg = y.tolist() if i == 3 else y
        raw = call(student_dl_do, arg, c, name="dl_do", arg_names=["y", "c"])
        got = _array(raw, "dl_do(y, c)", (k,))
        expected = _dl_do_t(o, c)
        one_hot = np.eye(k)[int(c)]
        hints = [
            (y - int(c), "dl_do treats c as a one-hot vector; c is the integer index of the target class"),
            (y, "dl_do(y, c) is missing the −1 at the target class c"),
            (_index_with_onehot(y, c, y - 1), "dl_do uses the one-hot values (0 and 1) as indices; index "
                                              "with the integer c itself"),
            (y - 1, "dl_do(y, c) subtracts 1 from every entry (−log summed over all classes); only the "
                    "target class c gets the −1"),
            (-one_hot * (1 - y), "dl_do(y, c) looks like the chain rule through only the diagonal of the "
                                 "softmax Jacobian; the off-diagonal entries matter"),
            (-one_hot / y, "dl_do returned ∂l/∂y; this function is ∂l/∂o"),
        ]
        _scaled_close(got, expected, "dl_do(y, c)", raw, hints, context=f"for K={k}")


dl_do.time_limit = 20


# --------------------------------------------------------------------------------------------------
# section 3: the 2-3-2 network in plain Python

def _assert_plain_python(fn: Any, name: str) -> None:
    """Fail if `fn` (or a function of the student's that it uses) refers to NumPy, PyTorch, ....
    The kernel reports what the function uses (`autograder.in_kernel.evidence`); the rule is here."""
    from autograder.judge import plain_python_violation

    message = plain_python_violation(fn, name)
    if message:
        fail(message)


def _plain_numbers(value: Any, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """`value` as nested lists/tuples of built-in numbers of `shape`; NumPy/PyTorch types refused."""
    def walk(v: Any, depth: int) -> None:
        if depth == len(shape):
            if type(v) not in (float, int):
                kind = f"{type(v).__module__}.{type(v).__name__}".replace("builtins.", "")
                fail(f"{name} holds values of type {kind}; return built-in Python floats "
                     "(section 3 allows only built-in Python and math)")
            return
        if not isinstance(v, list | tuple):
            kind = f"{type(v).__module__}.{type(v).__name__}".replace("builtins.", "")
            what = "a list of lists" if len(shape) - depth == 2 else "a list"
            fail(f"{name} must be {what} of floats; got {kind}")
        if len(v) != shape[depth]:
            fail(f"{name} has {len(v)} entries where {shape[depth]} are expected "
                 f"(shape {_shape_str(shape)})")
        for item in v:
            walk(item, depth + 1)

    if len(shape) == 2 and isinstance(value, list | tuple) and len(value) == shape[1] and \
            shape[0] != shape[1] and all(isinstance(r, list | tuple) and len(r) == shape[0] for r in value):
        fail(f"{name} has {shape[1]} rows of {shape[0]}; it must have the shape of the parameter, "
             f"{shape[0]} rows of {shape[1]} (transposed?)")
    walk(value, 0)
    return np.array(value, dtype=np.float64).reshape(shape)


def _random_232(rng: np.random.Generator) -> tuple[list, int, list, list, list, list]:
    def lst(*shape):
        return (rng.normal(size=shape) * 0.8).tolist()
    return lst(2), int(rng.integers(0, 2)), lst(2, 3), lst(3), lst(3, 2), lst(2)


def _oracle_232(x, c, W1, b1, W2, b2) -> dict[str, np.ndarray]:
    P = {k: _t(v).requires_grad_() for k, v in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
    z1 = _t(x) @ P["W1"] + P["b1"]
    h = torch.sigmoid(z1)
    o = h @ P["W2"] + P["b2"]
    y = torch.softmax(o, dim=0)
    loss = -torch.log_softmax(o, dim=0)[c]
    loss.backward()
    out = {"z1": _n(z1), "h": _n(h), "o": _n(o), "y": _n(y), "loss": _n(loss)}
    out.update({f"d{k}": _n(p.grad) for k, p in P.items()})
    return out


def _wrong_232(x, c, W1, b1, W2, b2, *, prime_on_z=False, one_hot_c=False, diag_softmax=False,
               no_b2=False) -> dict[str, np.ndarray]:
    x, W1, b1, W2, b2 = (np.array(v, dtype=float) for v in (x, W1, b1, W2, b2))
    z1 = x @ W1 + b1
    h = _sig(z1)
    o = h @ W2 + (0 if no_b2 else b2)
    y = np.exp(o - o.max())
    y /= y.sum()
    e = np.eye(len(o))[c]
    if one_hot_c:
        do = y - c
    elif diag_softmax:
        do = -e * (1 - y)
    else:
        do = y - e
    dh = W2 @ do
    dz = dh * (z1 * (1 - z1) if prime_on_z else h * (1 - h))
    return {"o": o, "y": y, "loss": np.array(-np.log(y[c])), "dW1": np.outer(x, dz), "db1": dz,
            "dW2": np.outer(h, do), "db2": do}


_IDX_HINT = ("; in section 3 W1[i][j] connects input i to hidden unit j (W1 is 2 rows of 3), "
             "W2[j][k] hidden unit j to output k")


def _call_plain(fn: Callable[..., Any], args: tuple, name: str) -> Any:
    try:
        return call(fn, *args, name=name, arg_names=["x", "c", "W1", "b1", "W2", "b2"])
    except AssertionError as exc:
        msg = str(exc)
        if "IndexError" in msg:
            fail(msg + _IDX_HINT)
        raise


def forward_scalar(student_forward: Callable[..., Any]) -> None:
    """forward_scalar on random 2-3-2 networks (lists of floats); plain Python only."""
    _assert_plain_python(student_forward, "forward_scalar")
    rng = rng_for(301)
    for _ in range(5):
        x, c, W1, b1, W2, b2 = _random_232(rng)
        out = _call_plain(student_forward, (x, c, W1, b1, W2, b2), "forward_scalar")
        if not isinstance(out, tuple | list) or len(out) != 5:
            fail("forward_scalar must return the tuple (z1, h, o, y, loss)")
        names = ("z1", "h", "o", "y")
        got = {n: _plain_numbers(v, n, (s,)) for n, v, s in zip(names, out[:4], (3, 3, 2, 2), strict=True)}
        if type(out[4]) not in (float, int):
            fail(f"loss must be a built-in float; got {type(out[4]).__module__}.{type(out[4]).__name__}")
        got["loss"] = np.array(float(out[4]))
        exp = _oracle_232(x, c, W1, b1, W2, b2)
        no_b2 = _wrong_232(x, c, W1, b1, W2, b2, no_b2=True)
        e = np.eye(2)[c]
        y_exp = np.exp(exp["o"])
        hints = {
            "z1": [(np.array(x) @ np.array(W1), "z1 is missing the bias b1")],
            "h": [(exp["z1"], "h equals z1: apply the sigmoid to the hidden layer")],
            "o": [(no_b2["o"], "o is missing the bias b2")],
            "y": [(y_exp, "y does not sum to 1: divide the exponentials by their sum"),
                  (exp["o"], "y equals o: apply the softmax to the output layer")],
            "loss": [(np.array(-np.log10(exp["y"][c])), "loss uses log10; the cross-entropy uses the "
                                                        "natural logarithm (math.log)"),
                     (np.array(-float(e @ np.log(y_exp))), "loss is computed from unnormalised y"),
                     (np.array(np.log(exp["y"][c])), "loss has the wrong sign: l = −log y_c"),
                     (np.array(-float(np.log(exp["y"]).sum())), "loss sums −log over all classes; the "
                      "cross-entropy is −log y_c of the target class c only")],
        }
        for n in ("z1", "h", "o", "y", "loss"):
            _scaled_close(got[n], exp[n], n, None, hints[n], context="from forward_scalar")


forward_scalar.time_limit = 20


def _forward_232(x, c, W1, b1, W2, b2) -> tuple[list[float], list[float], list[float], list[float], float]:
    """The grader's forward_scalar, plain Python (the stand-in for the student's in later checks)."""
    z1 = [sum(float(x[i]) * float(W1[i][j]) for i in range(len(x))) + float(b1[j]) for j in range(len(b1))]
    h = [1.0 / (1.0 + math.exp(-v)) if v > -700 else 0.0 for v in z1]
    o = [sum(h[j] * float(W2[j][k]) for j in range(len(h))) + float(b2[k]) for k in range(len(b2))]
    m = max(o)
    e = [math.exp(v - m) for v in o]
    y = [v / sum(e) for v in e]
    return z1, h, o, y, -(o[int(c)] - m - math.log(sum(e)))


def _backward_232(x, c, W1, b1, W2, b2) -> dict[str, list]:
    """The grader's backward_scalar, plain Python (the stand-in for the student's in later checks)."""
    _, h, _, y, _ = _forward_232(x, c, W1, b1, W2, b2)
    do = [y[k] - (1.0 if k == int(c) else 0.0) for k in range(len(y))]
    dz = [sum(float(W2[j][k]) * do[k] for k in range(len(do))) * h[j] * (1.0 - h[j]) for j in range(len(h))]
    return {"W1": [[float(x[i]) * dz[j] for j in range(len(h))] for i in range(len(x))], "b1": dz,
            "W2": [[h[j] * do[k] for k in range(len(do))] for j in range(len(h))], "b2": do}


def _backward_scalar_values(student_backward: Any, x, c, W1, b1, W2, b2) -> dict[str, np.ndarray]:
    shapes = {"W1": (2, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
    out = _call_plain(student_backward, (x, c, W1, b1, W2, b2), "backward_scalar")
    if not isinstance(out, Mapping):
        fail("backward_scalar must return a dict with keys 'W1', 'b1', 'W2', 'b2'")
    missing = [k for k in shapes if k not in out]
    if missing:
        fail(f"the dict returned by backward_scalar has no key {missing[0]!r} "
             "(keys: 'W1', 'b1', 'W2', 'b2')")
    return {k: _plain_numbers(out[k], f"gradient {k}", shapes[k]) for k in ("b2", "W2", "b1", "W1")}


def backward_scalar(student_backward: Callable[..., Any]) -> None:
    """backward_scalar on random 2-3-2 networks against PyTorch autograd; plain Python only; derivatives
    by hand (checked on a network with saturated hidden units). A forward_scalar it calls is replaced by
    the grader's correct one, so a forward_scalar mistake costs only forward_scalar's points."""
    rng = rng_for(302)
    with _standins(student_backward, forward_scalar=_forward_232):
        _assert_plain_python(student_backward, "backward_scalar")
        for _ in range(5):
            x, c, W1, b1, W2, b2 = _random_232(rng)
            got = _backward_scalar_values(student_backward, x, c, W1, b1, W2, b2)
            exp = _oracle_232(x, c, W1, b1, W2, b2)
            on_z = _wrong_232(x, c, W1, b1, W2, b2, prime_on_z=True)
            onehot = _wrong_232(x, c, W1, b1, W2, b2, one_hot_c=True)
            diag = _wrong_232(x, c, W1, b1, W2, b2, diag_softmax=True)
            for k in ("b2", "W2", "b1", "W1"):
                name = f"gradient {k}"
                e = exp[f"d{k}"]
                hints = [
                    (onehot[f"d{k}"], f"{name}: c is treated as a one-hot vector; it is the integer index of "
                                      "the target class"),
                    (diag[f"d{k}"], f"{name}: ∂l/∂o uses only the diagonal of the softmax Jacobian"),
                    (on_z[f"d{k}"], f"{name}: σ′ was computed as z(1 − z) on the pre-activation; "
                                    "σ′(z) = h(1 − h) uses the activation h"),
                    *_zero_hint(name, e, "the bias gradient is forgotten" if k.startswith("b")
                                else "no gradient reaches it"),
                ]
                _scaled_close(got[k], e, name, None, hints, context="from backward_scalar")
        # saturated hidden units: exact tiny partials that finite differences cannot resolve
        x, c = [0.5, -0.4], 1
        W1, b1 = [[0.3, -0.2, 0.4], [0.1, 0.5, -0.3]], [-30.0, -31.0, -32.0]
        W2, b2 = [[0.8, -0.6], [-0.5, 0.9], [0.7, 0.4]], [0.2, -0.1]
        got = _backward_scalar_values(student_backward, x, c, W1, b1, W2, b2)
        exp = _oracle_232(x, c, W1, b1, W2, b2)
        if not all(_close_per_entry(got[k], exp[f"d{k}"]) for k in got):
            _saturation_fail("backward_scalar")


backward_scalar.time_limit = 20


# --------------------------------------------------------------------------------------------------
# section 3.3: the training loop of the 2-3-2 network (plain Python)

TRAIN_FACTOR = 10  # the notebook states it: training divides the mean loss by at least ten
TRAIN_EPOCHS, TRAIN_LR = 30, 0.5


def make_data_232(n: int, seed: int) -> list[tuple[list[float], int]]:
    """The synthetic two-class data of section 3.3 (the notebook's `make_data_232`, the grader's copy):
    x uniform in [−2, 2]², class 1 above the line x₂ = 0.5 x₁ + 0.3, class 0 below."""
    import random

    rnd = random.Random(seed)
    data = []
    for _ in range(n):
        x = [round(rnd.uniform(-2, 2), 3), round(rnd.uniform(-2, 2), 3)]
        data.append((x, int(x[1] > 0.5 * x[0] + 0.3)))
    return data


def init_232(seed: int) -> dict[str, list]:
    """The notebook's `init_232`: weights N(0, 1) from random.Random(seed), biases 0 (the grader's copy)."""
    import random

    rnd = random.Random(seed)
    return {"W1": [[rnd.gauss(0, 1) for _ in range(3)] for _ in range(2)], "b1": [0.0] * 3,
            "W2": [[rnd.gauss(0, 1) for _ in range(2)] for _ in range(3)], "b2": [0.0] * 2}


def _copy_params(p: Mapping[str, Any]) -> dict[str, list]:
    return {k: [list(map(float, r)) if isinstance(r, list | tuple) else float(r) for r in p[k]]
            for k in ("W1", "b1", "W2", "b2")}


def _update(p: dict[str, list], g: Mapping[str, list], lr: float, *, sign: float = -1.0,
            biases: bool = True) -> None:
    for k in ("W1", "b1", "W2", "b2"):
        if k.startswith("b") and not biases:
            continue
        for i, row in enumerate(p[k]):
            if isinstance(row, list):
                for j in range(len(row)):
                    row[j] += sign * lr * g[k][i][j]
            else:
                p[k][i] += sign * lr * g[k][i]


def _mean_loss(data: Sequence, p: Mapping[str, Any]) -> float:
    return sum(_forward_232(x, c, p["W1"], p["b1"], p["W2"], p["b2"])[4] for x, c in data) / len(data)


def _train_232(data: Sequence, params: Mapping[str, Any], epochs: int, lr: float, *, mode: str = "ok"
               ) -> tuple[dict[str, list], list[float]]:
    """The grader's loop: per-example SGD in the given order; losses[e] = the mean over epoch e of each
    example's loss before its update. `mode` switches on one typical mistake (for the hints)."""
    p = _copy_params(params)
    losses = []
    for _ in range(epochs):
        total, last = 0.0, 0.0
        batch = {"W1": [[0.0] * 3 for _ in range(2)], "b1": [0.0] * 3, "W2": [[0.0] * 2 for _ in range(3)],
                 "b2": [0.0] * 2}
        for x, c in data:
            last = _forward_232(x, c, p["W1"], p["b1"], p["W2"], p["b2"])[4]
            total += last
            g = _backward_232(x, c, p["W1"], p["b1"], p["W2"], p["b2"])
            if mode == "batch":
                _update(batch, g, 1.0 / len(data), sign=1.0)
            elif mode != "frozen":
                _update(p, g, lr, sign=1.0 if mode == "ascent" else -1.0, biases=mode != "no_bias")
        if mode == "batch":
            _update(p, batch, lr)
        losses.append(last if mode == "last" else total if mode == "sum" else total / len(data))
    return p, losses


def _train_result(raw: Any, epochs: int) -> tuple[Mapping[str, Any], np.ndarray]:
    if not isinstance(raw, tuple | list) or len(raw) != 2:
        fail("train_232 must return the pair (params, losses)")
    params, losses = raw
    if not isinstance(params, Mapping) or any(k not in params for k in ("W1", "b1", "W2", "b2")):
        fail("the params returned by train_232 must be the dict with keys 'W1', 'b1', 'W2', 'b2'")
    if not isinstance(losses, list | tuple):
        fail("the losses returned by train_232 must be a list with one mean loss per epoch")
    if len(losses) != epochs:
        fail(f"train_232 returned {len(losses)} losses for epochs = {epochs}: one mean loss per epoch")
    shapes = {"W1": (2, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
    got = {k: _plain_numbers(params[k], f"params[{k!r}]", shapes[k]).tolist() for k in shapes}
    return got, _plain_numbers(list(losses), "losses", (epochs,))


def _loss_and_grads_232(x, c, params) -> tuple[float, dict[str, list]]:
    """The grader's loss_and_grads for train_232: the 2-3-2 network's loss and gradients at params."""
    args = (x, c, params["W1"], params["b1"], params["W2"], params["b2"])
    return _forward_232(*args)[4], _backward_232(*args)


def train_232(student_train: Callable[..., Any]) -> None:
    """train_232(data, params, epochs, lr, loss_and_grads) on the grader's own synthetic data and initial
    weights, with the grader's correct loss_and_grads (so forward_scalar/backward_scalar mistakes cost
    only their own points): the per-epoch mean losses and the trained weights match per-example SGD in
    the given order, and the loss falls by the factor the notebook states."""
    data = make_data_232(40, seed=7301)
    params = init_232(seed=7302)
    epochs, lr = TRAIN_EPOCHS, TRAIN_LR
    _assert_plain_python(student_train, "train_232")
    short = {}
    for rate in (0.05, 0.3):  # a short run at two rates: is lr used at all?
        raw = _call_plain_train(student_train, (data, _copy_params(params), 2, rate, _loss_and_grads_232))
        short[rate] = _train_result(raw, 2)[1]
    raw = _call_plain_train(student_train, (data, _copy_params(params), epochs, lr, _loss_and_grads_232))
    got_params, losses = _train_result(raw, epochs)
    want_params, want = _train_232(data, params, epochs, lr)
    if is_close(short[0.05], _train_232(data, params, 2, 0.05, mode="frozen")[1], 1e-9, 0.0):
        fail("the loss never changes: train_232 does not update the parameters (update them after every "
             "example)")
    if is_close(short[0.05], short[0.3], 1e-9, 0.0) and not is_close(
            _train_232(data, params, 2, 0.05)[1], _train_232(data, params, 2, 0.3)[1], 1e-9, 0.0):
        fail("train_232 gives the same losses for different learning rates: it must use its lr argument")
    hints = [
        (_train_232(data, params, epochs, lr, mode="ascent")[1], "the loss grows: train_232 steps along the "
         "gradient; gradient descent subtracts it, p − lr · ∂l/∂p"),
        (_train_232(data, params, epochs, lr, mode="frozen")[1], "the loss never changes: train_232 does not "
         "update the parameters (update them after every example)"),
        (_train_232(data, params, epochs, lr, mode="no_bias")[1], "train_232 does not update the biases b1 "
         "and b2"),
        (_train_232(data, params, epochs, lr, mode="last")[1], "losses[e] must be the mean loss over epoch "
         "e's examples, not the loss of its last example"),
        (_train_232(data, params, epochs, lr, mode="batch")[1], "train_232 makes one update per epoch (full "
         "batch); stochastic gradient descent updates the parameters after every example"),
    ]
    _scaled_close(losses, np.array(want), "losses", None, hints, context="(per-example SGD in the given "
                  "order; losses[e] = mean over epoch e of each example's loss before its update)",
                  factors={"the number of examples": len(data)})
    final = _mean_loss(data, got_params)
    start = _mean_loss(data, params)
    if not final <= start / TRAIN_FACTOR:
        fail(f"the trained parameters do not reduce the mean loss on the data by a factor of {TRAIN_FACTOR}: "
             "return the trained params")
    for k in ("W1", "b1", "W2", "b2"):
        _scaled_close(np.array(got_params[k]), np.array(want_params[k]), f"params[{k!r}]", None,
                      context="after training")


train_232.time_limit = 30


def _call_plain_train(fn: Callable[..., Any], args: tuple) -> Any:
    try:
        return call(fn, *args, name="train_232", check_unchanged=False,
                    arg_names=["data", "params", "epochs", "lr", "loss_and_grads"])
    except CheckFailure as exc:
        if "IndexError" in str(exc):
            fail(str(exc) + _IDX_HINT)
        raise


# --------------------------------------------------------------------------------------------------
# section 4: the 2-3-1 network with 13 weights


def _oracle_13(x1: float, x2: float, y: float, w: np.ndarray) -> np.ndarray:
    wt = _t(w).requires_grad_()
    xb = _t([1.0, x1, x2])
    V = wt[:9].reshape(3, 3)          # V[i, j]: from input i (bias, x1, x2) into hidden unit j
    h = torch.sigmoid(xb @ V)
    y_hat = torch.sigmoid(wt[9] + h @ wt[10:])
    (0.5 * (y - y_hat) ** 2).backward()
    return _n(wt.grad)


def _wrong_13(x1, x2, y, w, *, prime_on_z=False, out_prime=True, per_unit=False, half=0.5) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    xb = np.array([1.0, x1, x2])
    V = w[:9].reshape(3, 3)
    if per_unit:
        V = V.T
    z = xb @ V
    h = _sig(z)
    zo = w[9] + h @ w[10:]
    yh = _sig(zo)
    d_out = 2 * half * (yh - y) * ((zo * (1 - zo) if prime_on_z else yh * (1 - yh)) if out_prime else 1.0)
    d_h = d_out * w[10:] * (z * (1 - z) if prime_on_z else h * (1 - h))
    g_in = np.outer(xb, d_h)
    if per_unit:
        g_in = g_in.T
    return np.concatenate((g_in.ravel(), d_out * np.concatenate(([1.0], h))))


def grad_13(student_grad_13: Callable[..., Any]) -> None:
    """The 13 partial derivatives for random weights and examples, w as array, list or tuple."""
    _assert_by_hand(student_grad_13, "grad_13")
    rng = rng_for(401)
    for i in range(6):
        w = rng.normal(size=13)
        x1, x2 = (float(v) for v in rng.normal(size=2) * 1.5)
        y = float(rng.uniform(0, 1))
        arg = (w, w.tolist(), tuple(w.tolist()))[i % 3]
        raw = call(student_grad_13, x1, x2, y, arg, name="grad_13", arg_names=["x1", "x2", "y", "w"])
        got = as_array(raw, "grad_13(x1, x2, y, w)")
        if got.size != 13 or got.ndim > 2:
            fail(f"grad_13 must return the 13 partials ∂E/∂w1 … ∂E/∂w13; got shape {_shape_str(got.shape)}")
        if got.shape != (13,):
            got = got.reshape(13)
        exp = _oracle_13(x1, x2, y, w)
        bias_free = exp.copy()
        bias_free[[0, 1, 2, 9]] = 0
        hints = [
            (_wrong_13(x1, x2, y, w, per_unit=True), "grad_13: the partials are in the wrong order; w1–w3 "
             "come from the bias b1, w4–w6 from x1, w7–w9 from x2 (into h1, h2, h3), w10 from b2, "
             "w11–w13 from h1–h3"),
            (_wrong_13(x1, x2, y, w, out_prime=False), "grad_13: the derivative of the output sigmoid "
             "σ′(z_out) = ŷ(1 − ŷ) is missing"),
            (_wrong_13(x1, x2, y, w, prime_on_z=True), "grad_13: σ′ was computed as z(1 − z) on the "
             "pre-activation; σ′(z) = σ(z)(1 − σ(z)) uses the activation"),
            (bias_free, "grad_13: the bias weights w1–w3 and w10 get gradient zero; the bias inputs are 1"),
            *_half_hints("grad_13", exp),
        ]
        _scaled_close(got, exp, "grad_13(x1, x2, y, w)", raw, hints, context="for random weights")
    # saturated hidden units (pre-activations far below zero): exact tiny partials that finite
    # differences cannot resolve
    w = np.array([-30.0, -31.0, -32.0, 0.4, -0.3, 0.2, 0.1, 0.5, -0.6, 0.3, 0.9, -0.7, 0.8])
    raw = call(student_grad_13, 0.7, -0.4, 0.9, w, name="grad_13", arg_names=["x1", "x2", "y", "w"])
    got = as_array(raw, "grad_13(x1, x2, y, w)", finite=False)
    if got.size != 13 or not _close_per_entry(got.reshape(13), _oracle_13(0.7, -0.4, 0.9, w)):
        _saturation_fail("grad_13")


grad_13.time_limit = 20


# --------------------------------------------------------------------------------------------------
# section 5: the general case


def _oracle_deltas(Ws: list[np.ndarray], bs: list[np.ndarray], x: np.ndarray, y: np.ndarray):
    Wt = [_t(W).requires_grad_() for W in Ws]
    bt = [_t(b).requires_grad_() for b in bs]
    a = _t(x)
    for W, b in zip(Wt, bt, strict=True):
        a = torch.sigmoid(W @ a + b)
    (0.5 * ((a - _t(y)) ** 2).sum()).backward()
    return [_n(W.grad) for W in Wt], [_n(b.grad) for b in bt]


def _wrong_deltas(Ws, bs, x, y, *, prime_on_z=False, out_prime=True, no_transpose=False):
    acts, pres = [np.asarray(x, float)], []
    for W, b in zip(Ws, bs, strict=True):
        pres.append(W @ acts[-1] + b)
        acts.append(_sig(pres[-1]))

    def prime(l):  # l indexes layers 0..L-1
        return pres[l] * (1 - pres[l]) if prime_on_z else acts[l + 1] * (1 - acts[l + 1])

    L = len(Ws)
    delta = (acts[-1] - y) * (prime(L - 1) if out_prime else 1.0)
    dWs, dbs = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        dWs[l], dbs[l] = np.outer(delta, acts[l]), delta
        if l:
            if no_transpose and Ws[l].shape[0] != Ws[l].shape[1]:
                return None
            back = Ws[l] @ delta if no_transpose else Ws[l].T @ delta
            delta = back * prime(l - 1)
    return dWs, dbs


_DELTA_CASES = ((3, 3, 3), (4, 2), (2, 2, 2, 2), (1, 4, 1, 2), (3, 1, 2, 2, 1), (2, 5, 3), (1, 1))


def backprop_deltas(student_backprop: Callable[..., Any]) -> None:
    """backprop_deltas on networks of 1 to 4 layers, widths 1 to 5, against PyTorch autograd."""
    _assert_by_hand(student_backprop, "backprop_deltas")
    rng = rng_for(501)
    for dims in _DELTA_CASES:
        L = len(dims) - 1
        Ws = [rng.normal(size=(dims[l + 1], dims[l])) * 1.2 for l in range(L)]
        bs = [rng.normal(size=dims[l + 1]) * 0.5 for l in range(L)]
        x = rng.normal(size=dims[0])
        y = rng.uniform(0, 1, size=dims[-1])
        ctx = f"for layer sizes {dims}"
        raw = _call_deltas(student_backprop, Ws, bs, x, y, ctx)
        if not isinstance(raw, tuple | list) or len(raw) != 2:
            fail("backprop_deltas must return the pair (dWs, dbs)")
        dWs, dbs = raw
        for what, lst in (("dWs", dWs), ("dbs", dbs)):
            if not isinstance(lst, list | tuple):
                fail(f"{what} must be a list with one array per layer")
            if len(lst) != L:
                fail(f"{what} has {len(lst)} entries for a network of {L} layers {ctx}")
        exp_W, exp_b = _oracle_deltas(Ws, bs, x, y)
        if L > 1 and any(np.shape(dWs[l]) != Ws[l].shape for l in range(L)) and all(
                np.shape(dWs[L - 1 - l]) == Ws[l].shape for l in range(L)):
            fail(f"dWs is in reverse order {ctx}: dWs[l] must be the gradient of Ws[l] (first layer first)")
        variants = {
            "pre": _wrong_deltas(Ws, bs, x, y, prime_on_z=True),
            "out": _wrong_deltas(Ws, bs, x, y, out_prime=False),
            "noT": _wrong_deltas(Ws, bs, x, y, no_transpose=True),
        }
        for l in range(L):
            for what, lst, exp, like in (("dWs", dWs, exp_W, "Ws"), ("dbs", dbs, exp_b, "bs")):
                _compare_layer(what, lst, exp, like, l, variants, ctx)
    # saturated first layer (pre-activations far below zero): exact tiny partials that finite
    # differences cannot resolve
    Ws = [np.array([[0.4, -0.3], [0.2, 0.5], [-0.6, 0.1]]), np.array([[0.9, -0.7, 0.8], [-0.5, 0.6, 0.3]])]
    bs = [np.array([-30.0, -31.0, -32.0]), np.array([0.3, -0.2])]
    x, y = np.array([0.7, -0.4]), np.array([0.9, 0.1])
    raw = _call_deltas(student_backprop, Ws, bs, x, y, "for a saturated first layer")
    exp_W, exp_b = _oracle_deltas(Ws, bs, x, y)
    try:
        ok = all(_close_per_entry(as_array(g, "dWs", e.shape, finite=False), e)
                 for g, e in zip([*raw[0], *raw[1]], [*exp_W, *exp_b], strict=True))
    except (CheckFailure, TypeError, ValueError, IndexError):
        ok = False
    if not ok:
        _saturation_fail("backprop_deltas")


_DELTA_MESSAGES = {
    "pre": "{name}: σ′ was computed as z(1 − z) on the pre-activation; σ′(z) = a(1 − a)",
    "out": "{name}: the derivative of the output sigmoid is missing from δ⁽ᴸ⁾",
    "noT": "{name}: the δ recursion must use the transpose of the next layer's weights",
}


def _compare_layer(what: str, lst: Any, exp: list[np.ndarray], like: str, l: int,
                   variants: dict[str, Any], ctx: str) -> None:
    """Layer l of the student's dWs or dbs against autograd's, naming the known mistakes (transposed,
    reverse order, σ′ on z, output σ′ missing, no transpose in the recursion, halves, no bias)."""
    L = len(exp)
    e = exp[l]
    name = f"{what}[{l}]"
    got = _array(lst[l], name, e.shape, like=f"{like}[{l}]",
                 transposed_hint="transposed? dWs[l] = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ")
    idx = 0 if what == "dWs" else 1
    hints = []
    if what == "dWs" and e.shape[0] == e.shape[1]:
        hints.append((e.T, f"{name} is transposed: dWs[l] = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ has the shape of Ws[l]"))
    mirror = exp[L - 1 - l]
    if l != L - 1 - l and mirror.shape == e.shape:
        hints.append((mirror, f"{what} is in reverse order: {what}[l] belongs to layer l"))
    for key, v in variants.items():
        if v is not None and v[idx][l].shape == e.shape:
            hints.append((v[idx][l], _DELTA_MESSAGES[key].format(name=name)))
    hints += _half_hints(name, e)
    if what == "dbs":
        hints += _zero_hint(name, e, "the bias gradient is forgotten (∂C/∂b⁽ˡ⁾ = δ⁽ˡ⁾)")
    _scaled_close(got, e, name, lst[l], hints, context=ctx)


def _call_deltas(fn: Callable[..., Any], Ws: list, bs: list, x: np.ndarray, y: np.ndarray, ctx: str) -> Any:
    """Call backprop_deltas; a matrix product with mismatched shapes is reported without the raw error."""
    try:
        return call(fn, Ws, bs, x, y, name="backprop_deltas", arg_names=["Ws", "bs", "x", "y"])
    except CheckFailure as exc:
        text = str(exc)
        if "ValueError" in text and any(w in text for w in ("matmul", "not aligned", "shapes", "broadcast")):
            fail(f"backprop_deltas multiplies matrices whose shapes do not fit {ctx}: in the δ recursion "
                 "δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ σ′ the next layer's weights are transposed (W instead of Wᵀ "
                 "only works for square layers), and dW⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ is an outer product")
        raise


backprop_deltas.time_limit = 20
