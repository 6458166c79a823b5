"""Numerical gradient checks: centred differences against your analytic gradients.

The metric is the relative error ``|a - n| / max(1e-8, |a| + |n|)`` per entry (a analytic, n
numerical) and its maximum over the entries checked (`rel_error`). A wrong gradient (off by a
factor, transposed, a missing term) gives 1e-2 or more. A correct one gives a small number, but
only on small, well-scaled problems in float64 with ``h = 1e-5`` is it reliably tiny: the
centred difference has an absolute error of about 1e-11, so entries whose gradient is itself tiny
(1e-5 or less) get a large *relative* error. Measured on sigmoid networks with correct gradients
(10 examples, float64): 20-15-10 gives a median of 2e-7 but up to 4e-6 depending on the seed, so
``threshold=1e-6`` fails correct code for some seeds; 784-30-10 gives about 4e-5. Check on a small
network with a few examples, and read the report's "norm rel error" too (``||a - n|| / (||a|| +
||n||)`` per parameter: about 1e-9 for correct code, unaffected by tiny entries).

float32 makes the check meaningless: the centred difference with h = 1e-5 is dominated by rounding
(about 1e-7 / 1e-5 = 1e-2 relative). `check_gradients` therefore checks float32 parameters on
float64 copies, with a warning, and the loss itself must be computed in float64 too.

Every function here perturbs entries of the arrays in place and restores each one (also when `f`
raises), so the arrays you pass are unchanged afterwards.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "rel_error",
    "eval_numerical_gradient",
    "eval_numerical_gradient_array",
    "grad_check_sparse",
    "check_gradients",
    "GradCheckReport",
    "ParamCheck",
]


def rel_error(x: ArrayLike, y: ArrayLike) -> float:
    """Maximum relative error ``max |x - y| / max(1e-8, |x| + |y|)`` over all entries.

    x and y must have the same shape (a transposed gradient is an error, not a broadcast).
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"rel_error: shapes differ: {x.shape} vs {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def _scalar(value: object, who: str) -> float:
    if np.ndim(value) != 0 and np.size(value) != 1:
        raise TypeError(f"{who} must return a scalar loss, got an array of shape "
                        f"{np.shape(value)}")
    if hasattr(value, "item"):
        value = value.item()
    return float(value)  # type: ignore[arg-type]


def _check_float_array(x: object, name: str) -> np.ndarray:
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(f"{name} must be a floating NumPy array (it is perturbed in place), "
                        f"not {type(x).__name__}" + (f" of {x.dtype}" if hasattr(x, "dtype") else ""))
    if x.dtype != np.float64:
        warnings.warn(f"{name} is {x.dtype}: a numerical gradient with h=1e-5 is meaningless "
                      "below float64 precision; check in float64", RuntimeWarning, stacklevel=3)
    return x


def eval_numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5,
                            verbose: bool = False) -> np.ndarray:
    """Centred-difference gradient of a scalar function at `x`, entry by entry.

    ``grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)`` for every index i of x; `f(x)` returns a
    scalar and is evaluated 2 * x.size times. Returns an array of x's shape (float64). x (a float
    array, modified in place during the computation) is restored exactly.
    """
    _check_float_array(x, "x")
    grad = np.zeros(x.shape, dtype=np.float64)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        try:
            x[ix] = old + h
            fxph = _scalar(f(x), "f")
            x[ix] = old - h
            fxmh = _scalar(f(x), "f")
        finally:
            x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * h)
        if verbose:
            print(ix, grad[ix])
    return grad


def eval_numerical_gradient_array(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                                  df: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Numerical gradient of ``sum(f(x) * df)`` with respect to x, for an array-valued f.

    This checks a backward pass: with `df` a random upstream gradient of f(x)'s shape, the result
    (x's shape, float64) is what ``backward(df)`` should return for x. x is restored exactly.
    """
    _check_float_array(x, "x")
    df = np.asarray(df)
    grad = np.zeros(x.shape, dtype=np.float64)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        try:
            x[ix] = old + h
            pos = np.array(f(x), dtype=np.float64)  # a copy: f may return a view or a buffer
            x[ix] = old - h
            neg = np.array(f(x), dtype=np.float64)
        finally:
            x[ix] = old
        if pos.shape != df.shape:
            raise ValueError(f"f(x) has shape {pos.shape} but df has shape {df.shape}")
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
    return grad


def _entry_errors(f: Callable[[], float], x: np.ndarray, analytic: np.ndarray,
                  indices: list[tuple[int, ...]], h: float
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(relative errors, numerical values) at `indices`; f() reads x, which is restored."""
    errors = np.empty(len(indices))
    numeric = np.empty(len(indices))
    for k, ix in enumerate(indices):
        old = x[ix]
        try:
            x[ix] = old + h
            fxph = _scalar(f(), "f")
            x[ix] = old - h
            fxmh = _scalar(f(), "f")
        finally:
            x[ix] = old
        numeric[k] = (fxph - fxmh) / (2 * h)
        a = float(analytic[ix])
        errors[k] = abs(numeric[k] - a) / max(1e-8, abs(numeric[k]) + abs(a))
    return errors, numeric


def _sample_indices(shape: tuple[int, ...], num_checks: int | None,
                    rng: np.random.Generator) -> list[tuple[int, ...]]:
    size = int(np.prod(shape))
    if num_checks is None or num_checks >= size:
        return list(np.ndindex(shape))
    if num_checks < 1:
        raise ValueError(f"num_checks must be a positive integer or None, not {num_checks}")
    flat = np.sort(rng.choice(size, size=num_checks, replace=False))
    return [tuple(int(i) for i in np.unravel_index(k, shape)) for k in flat]


def grad_check_sparse(f: Callable[[np.ndarray], float], x: np.ndarray, analytic_grad: ArrayLike,
                      num_checks: int = 10, h: float = 1e-5, seed: int = 0,
                      verbose: bool = False) -> np.ndarray:
    """Compare `analytic_grad` with centred differences at `num_checks` random entries of x.

    Returns the relative errors, shape (num_checks,) (fewer if x is smaller: every entry once).
    The entries are drawn without replacement with ``np.random.default_rng(seed)``. With
    `verbose`, prints numerical, analytic and relative error per entry (CS231n style).
    """
    _check_float_array(x, "x")
    analytic = np.asarray(analytic_grad)
    if analytic.shape != x.shape:
        raise ValueError(f"analytic_grad has shape {analytic.shape} but x has shape {x.shape}")
    indices = _sample_indices(x.shape, num_checks, np.random.default_rng(seed))
    errors, numeric = _entry_errors(lambda: f(x), x, analytic, indices, h)
    if verbose:
        for ix, n, e in zip(indices, numeric, errors, strict=True):
            print(f"{ix}: numerical {n:.6e} analytic {float(analytic[ix]):.6e} "
                  f"relative error {e:.2e}")
    return errors


@dataclass
class ParamCheck:
    """The check of one parameter: its worst entry and whether it passed."""

    name: str
    shape: tuple[int, ...]
    n_checked: int
    worst_error: float
    worst_index: tuple[int, ...]
    numerical: float  # at worst_index
    analytic: float  # at worst_index
    passed: bool  # worst_error < threshold
    norm_error: float = 0.0  # ||a - n|| / max(1e-8, ||a|| + ||n||) over the checked entries


@dataclass(repr=False)
class GradCheckReport:
    """What `check_gradients` found. ``print(report)`` (or a notebook's display) shows a table.

    passed: every parameter's worst relative error is below `threshold`.
    worst: name -> (worst relative error, index of that entry).
    params: name -> `ParamCheck` (with per-parameter ``passed``).
    """

    params: dict[str, ParamCheck]
    threshold: float
    h: float = 1e-5
    failed: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.failed = [name for name, p in self.params.items() if not p.passed]

    @property
    def passed(self) -> bool:
        return not self.failed

    @property
    def worst(self) -> dict[str, tuple[float, tuple[int, ...]]]:
        return {name: (p.worst_error, p.worst_index) for name, p in self.params.items()}

    @property
    def max_error(self) -> float:
        return max((p.worst_error for p in self.params.values()), default=0.0)

    def table(self) -> str:
        rows = [("param", "shape", "checked", "max rel error", "at index", "numerical",
                 "analytic", "norm rel error", "ok")]
        for p in self.params.values():
            rows.append((p.name, str(p.shape), str(p.n_checked), f"{p.worst_error:.2e}",
                         str(p.worst_index), f"{p.numerical:.6e}", f"{p.analytic:.6e}",
                         f"{p.norm_error:.2e}", "yes" if p.passed else "NO"))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                 for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        verdict = "PASSED" if self.passed else "FAILED: " + ", ".join(self.failed)
        lines.append(f"gradient check {verdict} (threshold {self.threshold:.0e}, h={self.h:g})")
        return "\n".join(lines)

    __str__ = table

    def __repr__(self) -> str:
        return self.table()


def check_gradients(f: Callable[[dict[str, np.ndarray]], float],
                    params: Mapping[str, np.ndarray], grads: Mapping[str, ArrayLike],
                    threshold: float = 1e-6, num_checks: int | None = None, seed: int = 0,
                    h: float = 1e-5) -> GradCheckReport:
    """Check analytic gradients `grads` against centred differences of the loss ``f(params)``.

    params: name -> float array (e.g. ``{"W1": (D, H), "b1": (H,), ...}``); f(params) returns the
        scalar loss computed from those arrays. grads: the same keys and shapes.
    num_checks: None checks every entry; an int checks that many random entries per parameter
        (drawn with `seed`). threshold: a parameter passes if its maximum relative error (see the
        module docstring for what the number means) is below it.

    Returns a `GradCheckReport` (``.passed``, ``.worst``, ``.params`` with per-parameter
    ``passed`` and ``norm_error``; prints as a plain-text table). Each
    perturbed entry is restored. Raises ValueError when grads' keys or shapes differ from params'.
    Parameters that are not float64 are checked on float64 copies, with a warning: the check is
    meaningless in float32, and f must compute in float64 too.
    """
    missing, extra = set(params) - set(grads), set(grads) - set(params)
    if missing or extra:
        raise ValueError("grads must have the same keys as params: "
                         + (f"missing {sorted(missing)} " if missing else "")
                         + (f"unexpected {sorted(extra)}" if extra else ""))
    work: dict[str, np.ndarray] = {}
    for name, value in params.items():
        if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
            raise TypeError(f"params[{name!r}] must be a floating NumPy array, not "
                            f"{type(value).__name__}")
        g = np.asarray(grads[name])
        if g.shape != value.shape:
            hint = " (transposed?)" if g.shape == value.shape[::-1] else ""
            raise ValueError(f"grads[{name!r}] has shape {g.shape} but params[{name!r}] has "
                             f"shape {value.shape}{hint}")
        if value.dtype != np.float64:
            warnings.warn(f"params[{name!r}] is {value.dtype}: gradient checks need float64 "
                          "(checking a float64 copy; f must also compute in float64)",
                          RuntimeWarning, stacklevel=2)
            value = value.astype(np.float64)
        work[name] = value
    # f sees the caller's own arrays unless some had to be converted to float64 copies.
    converted = any(work[k] is not params[k] for k in work)
    current: Mapping[str, np.ndarray] = dict(work) if converted else params
    rng = np.random.default_rng(seed)
    results: dict[str, ParamCheck] = {}
    for name, x in work.items():
        analytic = np.asarray(grads[name], dtype=np.float64)
        indices = _sample_indices(x.shape, num_checks, rng)
        errors, numeric = _entry_errors(lambda: f(current), x, analytic, indices, h)
        a_checked = np.array([analytic[ix] for ix in indices])
        norm_error = float(np.linalg.norm(a_checked - numeric)
                           / max(1e-8, np.linalg.norm(a_checked) + np.linalg.norm(numeric)))
        k = int(np.argmax(errors)) if len(errors) else 0
        worst = float(errors[k]) if len(errors) else 0.0
        ix = indices[k] if indices else ()
        results[name] = ParamCheck(
            name=name, shape=tuple(x.shape), n_checked=len(indices), worst_error=worst,
            worst_index=ix, numerical=float(numeric[k]) if len(errors) else 0.0,
            analytic=float(analytic[ix]) if indices else 0.0, passed=bool(worst < threshold),
            norm_error=norm_error,
        )
    return GradCheckReport(params=results, threshold=threshold, h=h)
