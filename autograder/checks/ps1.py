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

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import torch

from autograder.checklib import as_array, as_float, assert_close, call, fail, rng_for, tolerances

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
                  hints: Sequence[tuple[Any, str]] = (), context: str = "") -> None:
    """Computed values: dtype tolerance, with an absolute floor relative to the array's size."""
    rtol, atol = tolerances(raw)
    scale = float(np.max(np.abs(expected), initial=0.0))
    assert_close(value, expected, name, rtol=rtol, atol=max(atol * 1e-2, rtol * 1e-2 * scale),
                 raw=raw, hints=hints, context=context)


def _half_hints(name: str, expected: np.ndarray) -> list[tuple[np.ndarray, str]]:
    return [
        (2 * expected, f"{name} is 2× the correct value: check the factor ½ of the loss "
                       "(d/dx ½(x − y)² = x − y)"),
        (0.5 * expected, f"{name} is ½ of the correct value: the factor ½ of the loss was applied twice"),
    ]


def _zero_hint(name: str, expected: np.ndarray, what: str) -> list[tuple[np.ndarray, str]]:
    if np.allclose(expected, 0):
        return []
    return [(np.zeros_like(expected), f"{name} is all zeros: {what}")]


# --------------------------------------------------------------------------------------------------
# section 1: the 2-2-1 network with given numbers

_W1 = [[0.15, 0.2], [0.25, 0.3]]
_B1 = [0.35, 0.35]
_W2 = [[0.4, 0.45]]
_B2 = [0.6]
_X0 = [0.05, 0.1]
_Y = 0.01


def _oracle_221() -> dict[str, np.ndarray]:
    W1, b1, W2, b2 = (_t(v).requires_grad_() for v in (_W1, _B1, _W2, _B2))
    z1 = W1 @ _t(_X0) + b1
    x1 = torch.sigmoid(z1)
    z2 = W2 @ x1 + b2
    x2 = torch.sigmoid(z2)
    loss = 0.5 * ((x2 - _Y) ** 2).sum()
    loss.backward()
    return {"z1": _n(z1), "x1": _n(x1), "z2": _n(z2), "x2": _n(x2), "loss": _n(loss),
            "dW1": _n(W1.grad), "db1": _n(b1.grad), "dW2": _n(W2.grad), "db2": _n(b2.grad)}


def _wrong_221(*, bias: bool = True, w1_transposed: bool = False, out_sigmoid: bool = True,
               half: float = 0.5, prime_on_z: bool = False, out_prime: bool = True) -> dict[str, np.ndarray]:
    """The 2-2-1 network in NumPy with one typical mistake switched on (hint values only)."""
    W1, b1, W2, b2, x0 = (np.array(v, dtype=float) for v in (_W1, _B1, _W2, _B2, _X0))
    if not bias:
        b1, b2 = 0 * b1, 0 * b2
    z1 = (W1.T if w1_transposed else W1) @ x0 + b1
    x1 = _sig(z1)
    z2 = W2 @ x1 + b2
    x2 = _sig(z2) if out_sigmoid else z2
    loss = half * float(((x2 - _Y) ** 2).sum())

    def prime(z, a):
        return z * (1 - z) if prime_on_z else a * (1 - a)

    d2 = 2 * half * (x2 - _Y) * (prime(z2, x2) if out_prime else 1.0)
    d1 = (W2.T @ d2) * prime(z1, x1)
    return {"z1": z1, "x1": x1, "z2": z2, "x2": x2, "loss": np.array(loss),
            "dW1": np.outer(d1, x0), "db1": d1, "dW2": np.outer(d2, x1), "db2": d2}


def forward_221(z1: Any = None, x1: Any = None, z2: Any = None, x2: Any = None, loss: Any = None) -> None:
    """The forward-pass values of the 2-2-1 network, to a relative 1e-4."""
    exp = _oracle_221()
    no_bias = _wrong_221(bias=False)
    w1t = _wrong_221(w1_transposed=True)
    no_out = _wrong_221(out_sigmoid=False)
    no_half = _wrong_221(half=1.0)
    quarter = _wrong_221(half=0.25)
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
        "loss": [(no_half["loss"], "loss is 2× the correct value: the loss has a factor ½"),
                 (quarter["loss"], "loss is ½ of the correct value: the factor ½ appears once"),
                 (no_out["loss"], "loss is computed without the output sigmoid"),
                 (no_bias["loss"], "loss is computed without the biases")],
    }
    for name in ("z1", "x1", "z2", "x2", "loss"):
        _close_hand(got[name], exp[name], name, raws[name], hints[name])


forward_221.time_limit = 20


def backward_221(dW1: Any = None, db1: Any = None, dW2: Any = None, db2: Any = None) -> None:
    """The gradients of the 2-2-1 network, shaped like the parameters, to a relative 1e-4."""
    exp = _oracle_221()
    got = {
        "dW2": _array(dW2, "dW2", (1, 2), like="W2", transposed_hint="transposed?"),
        "db2": _array(db2, "db2", (1,), scalar_ok=True, like="b2"),
        "dW1": _array(dW1, "dW1", (2, 2), like="W1"),
        "db1": _array(db1, "db1", (2,), like="b1"),
    }
    raws = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    on_z = _wrong_221(prime_on_z=True)
    no_out = _wrong_221(out_prime=False)
    no_bias = _wrong_221(bias=False)
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
            hints.append((exp["db2"] * np.asarray(_X0)[None, :],
                          "dW2 uses the network input x0; it needs the hidden activations x1"))
        if name.startswith("db"):
            hints += _zero_hint(name, exp[name], "the bias path is missing (∂l/∂b is the δ of its layer)")
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
        raw = call(student_softmax, o, name="softmax", arg_names=["o"])
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
            (-1 / y, "dl_dy(y, c): only the entry of the target class c is non-zero"),
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
                     (np.array(np.log(exp["y"][c])), "loss has the wrong sign: l = −log y_c")],
        }
        for n in ("z1", "h", "o", "y", "loss"):
            _scaled_close(got[n], exp[n], n, None, hints[n], context="from forward_scalar")


forward_scalar.time_limit = 20


def backward_scalar(student_backward: Callable[..., Any]) -> None:
    """backward_scalar on random 2-3-2 networks against PyTorch autograd; plain Python only."""
    _assert_plain_python(student_backward, "backward_scalar")
    rng = rng_for(302)
    shapes = {"W1": (2, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
    for _ in range(5):
        x, c, W1, b1, W2, b2 = _random_232(rng)
        out = _call_plain(student_backward, (x, c, W1, b1, W2, b2), "backward_scalar")
        if not isinstance(out, Mapping):
            fail("backward_scalar must return a dict with keys 'W1', 'b1', 'W2', 'b2'")
        missing = [k for k in shapes if k not in out]
        if missing:
            fail(f"the dict returned by backward_scalar has no key {missing[0]!r} "
                 "(keys: 'W1', 'b1', 'W2', 'b2')")
        exp = _oracle_232(x, c, W1, b1, W2, b2)
        on_z = _wrong_232(x, c, W1, b1, W2, b2, prime_on_z=True)
        onehot = _wrong_232(x, c, W1, b1, W2, b2, one_hot_c=True)
        diag = _wrong_232(x, c, W1, b1, W2, b2, diag_softmax=True)
        for k in ("b2", "W2", "b1", "W1"):
            name = f"gradient {k}"
            got = _plain_numbers(out[k], name, shapes[k])
            e = exp[f"d{k}"]
            hints = [
                (onehot[f"d{k}"], f"{name}: c is treated as a one-hot vector; it is the integer index of the "
                                  "target class"),
                (diag[f"d{k}"], f"{name}: ∂l/∂o uses only the diagonal of the softmax Jacobian"),
                (on_z[f"d{k}"], f"{name}: σ′ was computed as z(1 − z) on the pre-activation; "
                                "σ′(z) = h(1 − h) uses the activation h"),
                *_zero_hint(name, e, "the bias path is missing" if k.startswith("b")
                            else "no gradient reaches it"),
            ]
            _scaled_close(got, e, name, None, hints, context="from backward_scalar")


backward_scalar.time_limit = 20


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
    rng = rng_for(501)
    for dims in _DELTA_CASES:
        L = len(dims) - 1
        Ws = [rng.normal(size=(dims[l + 1], dims[l])) * 1.2 for l in range(L)]
        bs = [rng.normal(size=dims[l + 1]) * 0.5 for l in range(L)]
        x = rng.normal(size=dims[0])
        y = rng.uniform(0, 1, size=dims[-1])
        ctx = f"for layer sizes {dims}"
        raw = call(student_backprop, Ws, bs, x, y, name="backprop_deltas", arg_names=["Ws", "bs", "x", "y"])
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
                messages = {
                    "pre": f"{name}: σ′ was computed as z(1 − z) on the pre-activation; σ′(z) = a(1 − a)",
                    "out": f"{name}: the derivative of the output sigmoid is missing from δ⁽ᴸ⁾",
                    "noT": f"{name}: the δ recursion must use the transpose of the next layer's weights",
                }
                for key, v in variants.items():
                    if v is not None and v[idx][l].shape == e.shape:
                        hints.append((v[idx][l], messages[key]))
                hints += _half_hints(name, e)
                _scaled_close(got, e, name, lst[l], hints, context=ctx)


backprop_deltas.time_limit = 20
