"""Hidden checks of problem set 4: a two-layer network (squared loss) and hyperparameter search.

Each public function is one hidden test (`autograder.run_check("ps4", "<name>", ...)`):

- `init`: parameter names, shapes, `std * N(0, 1)` weights, zero biases, `seed` honoured.
- `loss`: scores, loss value and all four gradients against PyTorch float64 autograd, on random
  shapes (a batch of 1 included), with and without regularization.
- `predict`: integer labels equal to the argmax of the scores.
- `train`: histories, minibatch sampling (read off the first update by least squares over the
  per-example gradients), learning-rate decay once per epoch (read off a problem whose parameter
  trajectory depends only on the step sizes), regularization, `self.params` updated.
- `learns`: the student's class, trained with known-good settings on a fixed subset of
  scikit-learn's digits, reaches a validation accuracy well above chance.
- `search`, `random_search`: every grid point / trial, fractions in [0, 1], log-uniform sampling
  with the given generator, and the best net chosen by validation accuracy, which the grader
  recomputes from `best_net`'s parameters instead of trusting a reported number; `best_net`'s own
  (train_acc, val_acc), recomputed, must be among the results (made-up accuracies are caught).
- `best_config` (the headline): the setting the student reports, retrained by the grader with the
  student's own TwoLayerNet on the course's CIFAR-10 subset (500 iterations, seed 0), reaches the
  notebook's targets (>= 35 % validation, >= 33 % test accuracy), computed here from the trained
  parameters. A miss names the wrong part of the class, or says whether training diverged or hardly
  started. Quick mode: 100 iterations and lower bars, one retraining per behaviour of the class.

These checks run in the grader (`autograder.judge`): the student's class and functions are proxies,
and so are the nets they build (`net.loss(X, y)` is computed in the kernel and answered with plain
data). Reading `net.params` gives a copy, so the grader's parameters are written into the kernel's own
dict (`judge.attribute_ref`); the train check replaces a net's loss and predict by the grader's
functions, which the kernel calls back; random_search's generator is built in the kernel. Dicts,
tuples and lists of a subclass (an OrderedDict of parameters) stay references there and are read back
as plain ones (`_plain`). Locally (the unit tests) every helper works on the objects themselves.
"""

from __future__ import annotations

import itertools
import math
import os
from typing import Any

import numpy as np

from autograder import judge
from autograder.checklib import GraderFault, as_array, as_float, assert_close, call, fail, rng_for, tolerances
from autograder.runtime import CheckFailure

JUDGED_BY_GRADER = True
PARAM_NAMES = ("W1", "b1", "W2", "b2")


# ----------------------------------------------------------------------------- oracles

def _torch_loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray | None, reg: float):
    """Scores, or (loss, grads) of the squared loss, by PyTorch float64 autograd."""
    import torch

    t = {k: torch.tensor(np.asarray(v, dtype=np.float64), requires_grad=True) for k, v in params.items()}
    Xt = torch.tensor(np.asarray(X, dtype=np.float64))
    hidden = torch.relu(Xt @ t["W1"] + t["b1"])
    scores = hidden @ t["W2"] + t["b2"]
    if y is None:
        return scores.detach().numpy()
    n, c = scores.shape
    target = torch.nn.functional.one_hot(torch.tensor(np.asarray(y, dtype=np.int64)), c).double()
    loss = 0.5 * ((scores - target) ** 2).sum() / n \
        + 0.5 * reg * ((t["W1"] ** 2).sum() + (t["W2"] ** 2).sum())
    grads = torch.autograd.grad(loss, [t[k] for k in PARAM_NAMES])
    return float(loss.detach()), {k: g.numpy() for k, g in zip(PARAM_NAMES, grads, strict=True)}


def _forward(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Scores from a parameter dict, computed by the grader (independent of the student's code)."""
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=np.float64) for k in PARAM_NAMES)
    return np.maximum(np.asarray(X, dtype=np.float64) @ W1 + b1, 0.0) @ W2 + b2


def _pieces(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray):
    """Forward quantities in float64 NumPy, to build the wrong answers of typical mistakes."""
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=np.float64) for k in PARAM_NAMES)
    z = X @ W1 + b1
    h = np.maximum(z, 0.0)
    s = h @ W2 + b2
    T = np.zeros_like(s)
    T[np.arange(len(y)), y] = 1.0
    return W1, b1, W2, b2, z, h, s, T


def _backward(W2, X, z, h, ds, mask=None):
    """Gradients of the data term given d(scores) `ds`; `mask` replaces the ReLU mask."""
    dh = ds @ W2.T
    dz = dh * ((z > 0) if mask is None else mask)
    return {"W1": X.T @ dz, "b1": dz.sum(axis=0), "W2": h.T @ ds, "b2": ds.sum(axis=0)}


def _mistakes(params, X, y, reg):
    """(loss, grads) that typical mistakes give, each with the message that names the mistake."""
    W1, b1, W2, b2, z, h, s, T = _pieces(params, X, y)
    n = len(X)
    wsq = float(np.sum(W1 * W1) + np.sum(W2 * W2))
    bsq = float(np.sum(b1 * b1) + np.sum(b2 * b2))
    data = 0.5 * float(np.sum((s - T) ** 2)) / n
    g = _backward(W2, X, z, h, (s - T) / n)

    def with_reg(grads, factor, biases=False):
        out = dict(grads)
        out["W1"] = grads["W1"] + factor * W1
        out["W2"] = grads["W2"] + factor * W2
        if biases:
            out["b1"] = grads["b1"] + factor * b1
            out["b2"] = grads["b2"] + factor * b2
        return out

    right_loss = data + 0.5 * reg * wsq
    out = []
    if reg > 0:
        out += [
            (right_loss, with_reg(g, 2 * reg),
             "the regularization gradient is doubled: the derivative of (reg/2)·‖W‖² is reg·W"),
            (right_loss, with_reg(g, 0.5 * reg),
             "the regularization gradient is halved: the derivative of (reg/2)·‖W‖² is reg·W"),
            (right_loss, with_reg(g, 1.0),
             "the regularization gradient lacks its factor reg: the derivative of (reg/2)·‖W‖² is "
             "reg·W"),
            (right_loss, g, "the regularization term is missing from the gradients"),
            (data + reg * wsq, with_reg(g, 2 * reg),
             "the regularization term is (reg/2)·(‖W1‖² + ‖W2‖²): yours is doubled"),
            (data + 0.5 * reg * (wsq + bsq), with_reg(g, reg, biases=True),
             "only the weights W1 and W2 are regularized, not the biases"),
            (data, g, "the regularization term (reg/2)·(‖W1‖² + ‖W2‖²) is missing from the loss"),
        ]
    ds_n = s - T
    out += [
        (n * data + 0.5 * reg * wsq, with_reg(_backward(W2, X, z, h, ds_n), reg),
         "the data term is not averaged over the N examples (the factor 1/N is missing)"),
        (data / s.shape[1] + 0.5 * reg * wsq,
         with_reg(_backward(W2, X, z, h, ds_n / (n * s.shape[1])), reg),
         "the data term is averaged over N·C entries; average over the N examples only"),
        (2 * data + 0.5 * reg * wsq, with_reg(_backward(W2, X, z, h, 2 * ds_n / n), reg),
         "the data term is (1/2N)·Σ‖s_i − onehot(y_i)‖²: the factor 1/2 is missing"),
    ]
    out.append((right_loss, with_reg(_backward(W2, X, z, h, -ds_n / n), reg),
                "the gradient of the data term has the wrong sign: dL/dS is (S − T)/N, not (T − S)/N"))
    ds_int = s - y[:, None].astype(np.float64)
    out.append((0.5 * float(np.sum(ds_int ** 2)) / n + 0.5 * reg * wsq,
                with_reg(_backward(W2, X, z, h, ds_int / n), reg),
                "the scores are compared with the integer labels; compare them with one-hot targets"))
    if h.shape[1] == s.shape[1]:
        out.append((right_loss, with_reg(_backward(W2, X, z, h, ds_n / n, mask=(s > 0)), reg),
                    "the ReLU backward is masked by the output scores; mask it where the hidden "
                    "pre-activation is positive"))
    out.append((right_loss, with_reg(_backward(W2, X, z, h, ds_n / n, mask=1.0), reg),
                "the ReLU backward is missing: zero the hidden gradient where the pre-activation "
                "is not positive"))
    return out


# ----------------------------------------------------------------------------- helpers

def _attr(obj, name: str, default: Any = None) -> Any:
    """`getattr(obj, name, default)`, also when the kernel answers that the attribute is missing."""
    try:
        return getattr(obj, name, default)
    except judge.RemoteError as exc:
        if exc.type_name == "AttributeError":
            return default
        raise


def _plain(value: Any) -> Any:
    """The student's dict / tuple / list as a plain one: a subclass (OrderedDict, defaultdict, a
    namedtuple) stays in the kernel as a reference, where locally it would pass `isinstance` as is."""
    if not judge.is_remote(value):
        return value
    if judge.remote_isinstance(value, "builtins.dict"):
        return {k: value[k] for k in value}
    if judge.remote_isinstance(value, "builtins.tuple"):
        return tuple(value)
    if judge.remote_isinstance(value, "builtins.list"):
        return list(value)
    return value


def _params(net) -> Any:
    """`net.params` (a copy, for a net in the kernel), as a plain dict when it is a dict."""
    return _plain(_attr(net, "params"))


def _generator(anchor, seed: int):
    """`np.random.default_rng(seed)` where the student's code runs: built in the kernel when `anchor`
    (the student's function) is there, since a generator is no plain data that could cross."""
    return judge.library_call(anchor, "numpy.random.default_rng", seed, as_ref=True)


def _make_net(cls, D, H, C, *, std=1e-4, seed=0, what="TwoLayerNet"):
    if not callable(cls):
        fail(f"{what} is not a class")
    net = call(cls, D, H, C, std=std, seed=seed, name=f"{what}({D}, {H}, {C}, std={std}, seed={seed})")
    if not isinstance(_params(net), dict):
        fail("a TwoLayerNet must keep its parameters in a dict self.params")
    return net


def _set_params(net, params: dict[str, np.ndarray]) -> None:
    """Give the student's net the grader's parameters (fresh copies, in the existing dict: for a net
    in the kernel, the kernel's own dict, not the copy that reading `net.params` gives)."""
    target = judge.attribute_ref(net, "params")
    for k in PARAM_NAMES:
        target[k] = np.array(params[k], dtype=np.float64)


def _read_params(net, shapes: dict[str, tuple[int, ...]], when: str) -> dict[str, np.ndarray]:
    params = _params(net)
    if not isinstance(params, dict):
        fail(f"self.params is no longer a dict {when}")
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        fail(f"self.params has no {', '.join(missing)} {when}")
    return {k: as_array(params[k], f"self.params[{k!r}] {when}", shapes[k]) for k in PARAM_NAMES}


def _random_params(rng, D, H, C, scale=1.0):
    return {"W1": rng.normal(size=(D, H)) * scale / math.sqrt(D), "b1": rng.normal(size=H) * 0.3,
            "W2": rng.normal(size=(H, C)) * scale / math.sqrt(H), "b2": rng.normal(size=C) * 0.3}


def _shapes(D, H, C):
    return {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}


def _accuracy(net, X, y, what) -> float:
    """Accuracy of `net` computed by the grader from its parameters."""
    params = _params(net)
    if not isinstance(params, dict) or any(k not in params for k in PARAM_NAMES):
        fail(f"{what} has no parameter dict params with W1, b1, W2, b2")
    D = X.shape[1]
    W1 = as_array(params["W1"], f"{what}.params['W1']", finite=False)
    if W1.ndim != 2 or W1.shape[0] != D:
        fail(f"{what}.params['W1'] has shape {W1.shape}; it must have {D} rows")
    H = W1.shape[1]
    W2 = as_array(params["W2"], f"{what}.params['W2']", finite=False)
    if W2.ndim != 2 or W2.shape[0] != H:
        fail(f"{what}.params['W2'] has shape {W2.shape}; it must have {H} rows")
    C = W2.shape[1]
    p = {"W1": W1, "W2": W2,
         "b1": as_array(params["b1"], f"{what}.params['b1']", (H,), allow_squeeze=True, finite=False),
         "b2": as_array(params["b2"], f"{what}.params['b2']", (C,), allow_squeeze=True, finite=False)}
    with np.errstate(all="ignore"):
        scores = _forward(p, X)
    return float(np.mean(np.argmax(scores, axis=1) == y))  # NaN rows count as np.argmax says


def _np_loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray, reg: float):
    """The correct (loss, grads) in float64 NumPy (the grader's stand-in for the student's loss)."""
    W1, b1, W2, b2, z, h, s, T = _pieces(params, np.asarray(X, dtype=np.float64), np.asarray(y))
    n = len(s)
    loss = 0.5 * float(np.sum((s - T) ** 2)) / n + 0.5 * reg * float(np.sum(W1 * W1) + np.sum(W2 * W2))
    grads = _backward(W2, np.asarray(X, dtype=np.float64), z, h, (s - T) / n)
    grads["W1"] = grads["W1"] + reg * W1
    grads["W2"] = grads["W2"] + reg * W2
    return loss, grads


def _with_correct_loss(net) -> None:
    """Give this net (the grader's own instance) a correct loss and predict, so that the train
    check judges train alone; a train that computes its gradients itself is judged as it is."""
    def loss(X, y=None, reg=0.0):
        current = _params(net)  # the student's parameters as train left them (read from the kernel)
        params = {k: np.asarray(current[k], dtype=np.float64) for k in PARAM_NAMES}
        if y is None:
            return _forward(params, X)
        return _np_loss(params, X, y, float(reg))

    def predict(X):
        return np.argmax(loss(X), axis=1)

    try:  # for a net in the kernel, the two become callbacks: the kernel calls the grader's code
        net.loss, net.predict = loss, predict
    except (AttributeError, TypeError, judge.RemoteError):
        pass


def _train(net, X, y, X_val, y_val, check_unchanged=True, **kwargs) -> dict[str, Any]:
    stats = call(net.train, X, y, X_val, y_val, name="train", arg_names=["X", "y", "X_val", "y_val"],
                 check_unchanged=check_unchanged, verbose=False, **kwargs)
    stats = _plain(stats)
    if not isinstance(stats, dict):
        fail("train must return a dict with loss_history, train_acc_history and val_acc_history")
    missing = [k for k in ("loss_history", "train_acc_history", "val_acc_history") if k not in stats]
    if missing:
        fail(f"the dict returned by train has no {', '.join(missing)}")
    return stats


def _history(stats, key, lengths, what) -> np.ndarray:
    raw = stats[key]
    try:
        n = len(raw)
    except TypeError:
        fail(f"{key} must be a list with {what}")
    if n not in lengths:
        fail(f"{key} has {n} entries; it must have {what}")
    return as_array(list(raw) if n else np.zeros(0), key, (n,), finite=False)


# ----------------------------------------------------------------------------- stand-ins

class _GraderNet:
    """The grader's own correct TwoLayerNet (float64 NumPy): the stand-in the search checks give the
    student's `search` and `random_search`, so that a mistake in the class costs only its own tests."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4, seed=None):
        rng = np.random.default_rng(seed)
        self.params = {"W1": std * rng.standard_normal((int(input_size), int(hidden_size))),
                       "b1": np.zeros(int(hidden_size)),
                       "W2": std * rng.standard_normal((int(hidden_size), int(output_size))),
                       "b2": np.zeros(int(output_size))}

    def loss(self, X, y=None, reg=0.0):
        X = np.asarray(X, dtype=np.float64)
        if y is None:
            return _forward(self.params, X)
        return _np_loss(self.params, X, np.asarray(y, dtype=np.int64), float(reg))

    def predict(self, X):
        return np.argmax(_forward(self.params, np.asarray(X, dtype=np.float64)), axis=1)

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95, reg=5e-6,
              num_iters=100, batch_size=200, verbose=False, seed=None):
        X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)
        X_val, y_val = np.asarray(X_val, dtype=np.float64), np.asarray(y_val, dtype=np.int64)
        rng = np.random.default_rng(seed)
        n, batch_size = len(X), int(batch_size)
        per_epoch = max(n // batch_size, 1)
        losses, train_acc, val_acc = [], [], []
        with np.errstate(all="ignore"):
            for it in range(int(num_iters)):
                idx = rng.choice(n, batch_size, replace=True)
                value, grads = self.loss(X[idx], y[idx], reg)
                losses.append(value)
                for k in PARAM_NAMES:
                    self.params[k] = self.params[k] - learning_rate * grads[k]
                if (it + 1) % per_epoch == 0:
                    train_acc.append(float(np.mean(self.predict(X[idx]) == y[idx])))
                    val_acc.append(float(np.mean(self.predict(X_val) == y_val)))
                    learning_rate *= learning_rate_decay
        return {"loss_history": losses, "train_acc_history": train_acc, "val_acc_history": val_acc}


def _grader_search(X_train, y_train, X_val, y_val, grid, num_iters=1000, seed=0, *, twin=None):
    """A correct `search` (the stand-in of the random_search check); `twin(net)` makes the best net an
    object where the student's code runs."""
    X_train, y_train = np.asarray(X_train, dtype=np.float64), np.asarray(y_train, dtype=np.int64)
    results, best_net, best_val = {}, None, -1.0
    for key in itertools.product(grid["learning_rate"], grid["reg"], grid["batch_size"], grid["hidden_size"]):
        net = _GraderNet(X_train.shape[1], key[3], int(y_train.max()) + 1, seed=seed)
        net.train(X_train, y_train, X_val, y_val, learning_rate=key[0], reg=key[1], num_iters=num_iters,
                  batch_size=key[2], seed=seed)
        val = float(np.mean(net.predict(X_val) == np.asarray(y_val)))
        results[key] = (float(np.mean(net.predict(X_train) == y_train)), val)
        if val > best_val:
            best_net, best_val = net, val
    return results, (twin(best_net) if twin and best_net is not None else best_net), best_val


def _kernel_twin(cls, local: _GraderNet):
    """An instance of the student's class, made without its __init__, whose params, loss, predict and
    train are the grader's `local` net (its methods become callbacks for a class in the kernel)."""
    if not judge.is_remote(cls):
        inst = cls.__new__(cls)
    else:
        inst = judge.call_ref(judge.attribute_ref(cls, "__new__"), cls)

    def push() -> None:
        inst.params = {k: np.array(v) for k, v in local.params.items()}

    def train(*args, **kwargs):
        stats = local.train(*args, **kwargs)
        push()
        return stats

    def loss(X, y=None, reg=0.0):
        return local.loss(X, y, reg)

    def predict(X):
        return local.predict(X)

    push()
    inst.loss, inst.predict, inst.train = loss, predict, train
    return inst


class _StandIns:
    """Within `with _StandIns(fn, search=...)`: the notebook's names `TwoLayerNet` (and `search`) that the
    student's function `fn` looks up are the grader's correct ones, so that the check judges `fn` alone.
    A function whose globals cannot be reached (a lambda of another module, a partial) runs as it is."""

    def __init__(self, fn, *, search: bool = False) -> None:
        self.fn, self.search, self.saved = fn, search, {}
        self.space = None

    def __enter__(self):
        try:
            space = judge.attribute_ref(self.fn, "__globals__")
            cls = space["TwoLayerNet"]
        except (AttributeError, KeyError, TypeError, judge.RemoteError):
            return self
        if not callable(cls) or not (judge.is_remote(cls) or isinstance(cls, type)):
            return self
        self.space = space

        def twin(local):
            return _kernel_twin(cls, local)

        def factory(input_size, hidden_size, output_size, std=1e-4, seed=None):
            return twin(_GraderNet(input_size, hidden_size, output_size, std=std, seed=seed))

        def search_stand_in(X_train, y_train, X_val, y_val, grid, num_iters=1000, seed=0):
            return _grader_search(X_train, y_train, X_val, y_val, grid, num_iters, seed, twin=twin)

        self.saved["TwoLayerNet"] = cls
        if self.search:
            try:
                self.saved["search"] = space["search"]
            except (KeyError, judge.RemoteError):
                pass
        for name in self.saved:
            space[name] = factory if name == "TwoLayerNet" else search_stand_in
        return self

    def __exit__(self, *exc) -> None:
        for name, value in self.saved.items():
            try:
                self.space[name] = value
            except judge.CHANNEL_FAULTS:
                pass


# ----------------------------------------------------------------------------- init

def init(cls) -> None:
    """Parameter names and shapes, weights std·N(0, 1), zero biases, the seed honoured."""
    for D, H, C in ((1, 1, 1), (3, 5, 2)):
        net = _make_net(cls, D, H, C, std=0.1, seed=0)
        keys = set(_params(net))
        if not set(PARAM_NAMES) <= keys:
            fail(f"self.params must have the keys W1, b1, W2, b2; it has {sorted(map(str, keys))}")
        _read_params(net, _shapes(D, H, C), "after __init__")
    D, H, C = 300, 40, 60
    for std in (1e-4, 0.5):
        net = _make_net(cls, D, H, C, std=std, seed=1)
        p = _read_params(net, _shapes(D, H, C), "after __init__")
        for b in ("b1", "b2"):
            if np.any(p[b] != 0):
                fail(f"{b} must start at zero (biases are not drawn at random)")
        for w, tol in (("W1", 0.06), ("W2", 0.1)):
            sample_std = float(np.std(p[w]))
            if sample_std == 0:
                fail(f"{w} is all zeros; draw it as std * N(0, 1)")
            ratio = sample_std / std
            if abs(ratio - 1) > tol:
                if abs(sample_std - 1) < tol:
                    fail(f"the entries of {w} have standard deviation 1, not std: multiply the N(0, 1) "
                         "draws by std")
                fail(f"the entries of {w} do not have standard deviation std (draw std * N(0, 1))")
            if abs(float(np.mean(p[w]))) > 5 * std / math.sqrt(p[w].size):
                fail(f"the entries of {w} are not centred at zero (draw std * N(0, 1))")
    # the default std is 1e-4
    net = call(cls, D, H, C, name=f"TwoLayerNet({D}, {H}, {C})")
    W1 = _read_params(net, _shapes(D, H, C), "with the default std")["W1"]
    if abs(float(np.std(W1)) / 1e-4 - 1) > 0.06:
        fail("with the default std the entries of W1 must have standard deviation 1e-4")
    # seeds
    a = _read_params(_make_net(cls, 4, 3, 2, std=1.0, seed=7), _shapes(4, 3, 2), "for seed=7")
    b = _read_params(_make_net(cls, 4, 3, 2, std=1.0, seed=7), _shapes(4, 3, 2), "for seed=7")
    if not all(np.array_equal(a[k], b[k]) for k in PARAM_NAMES):
        fail("two nets built with the same seed have different weights: draw them with "
             "np.random.default_rng(seed)")
    c = _read_params(_make_net(cls, 4, 3, 2, std=1.0, seed=8), _shapes(4, 3, 2), "for seed=8")
    if np.array_equal(a["W1"], c["W1"]):
        fail("nets built with different seeds have the same weights: use the seed argument")


# ----------------------------------------------------------------------------- loss

LOSS_CASES = (  # N, D, H, C, reg, input scale
    (4, 5, 3, 3, 0.1, 1.0),  # H == C: the ReLU masked by the scores gives numbers, not an error
    (1, 3, 4, 2, 0.3, 1.0),  # a batch of one
    (7, 6, 5, 10, 0.05, 1.0),
    (6, 2, 1, 1, 0.2, 1.0),
    (10, 12, 8, 4, 0.0, 1.0),
    (9, 20, 7, 5, 0.02, 60.0),  # raw-pixel-sized inputs
)


def loss(cls) -> None:
    """Scores, loss and gradients of TwoLayerNet.loss against PyTorch float64 autograd."""
    rng = rng_for(404)
    for N, D, H, C, reg, scale in LOSS_CASES:
        ctx = f"for N={N}, D={D}, H={H}, C={C}, reg={reg}"
        net = _make_net(cls, D, H, C, std=0.1, seed=0)
        params = _random_params(rng, D, H, C)
        X = rng.normal(size=(N, D)) * scale
        if scale > 1:
            params["W1"] /= scale
        y = rng.integers(0, C, size=N)
        _set_params(net, params)
        before = {k: v.copy() for k, v in params.items()}

        raw_scores = call(net.loss, X, name="loss", arg_names=["X"])
        scores = as_array(raw_scores, "the scores loss(X)", (N, C))
        expected_scores = _torch_loss(params, X, None, reg)
        rtol, atol = tolerances(raw_scores)
        assert_close(scores, expected_scores, "loss(X)", rtol=rtol,
                     atol=atol * max(1.0, float(np.abs(expected_scores).max())), context=ctx)

        out = _plain(call(net.loss, X, y, reg=reg, name="loss", arg_names=["X", "y"]))
        if not isinstance(out, tuple | list) or len(out) != 2:
            fail("loss(X, y, reg) must return a pair (loss, grads)")
        raw_loss, grads = out[0], _plain(out[1])
        value = as_float(raw_loss, "the loss")
        if not isinstance(grads, dict):
            fail("grads must be a dict keyed like self.params")
        missing = [k for k in PARAM_NAMES if k not in grads]
        if missing:
            fail(f"grads has no {', '.join(missing)}")
        shapes = _shapes(D, H, C)
        got = {k: as_array(grads[k], f"grads[{k!r}]", shapes[k]) for k in PARAM_NAMES}
        rtol, atol = tolerances(raw_scores, raw_loss, *(grads[k] for k in PARAM_NAMES))
        exp_loss, exp_grads = _torch_loss(params, X, y, reg)
        wrong = _mistakes(params, X, y, reg)
        assert_close(value, exp_loss, "the loss", rtol=rtol, atol=atol,
                     hints=[(w[0], w[2]) for w in wrong], context=ctx)
        for k in ("W2", "b2", "W1", "b1"):
            assert_close(got[k], exp_grads[k], f"grads[{k!r}]", rtol=rtol,
                         atol=atol * max(1.0, float(np.abs(exp_grads[k]).max())),
                         hints=[(w[1][k], f"grads[{k!r}]: {w[2]}") for w in wrong],
                         factors={"the batch size N": N}, context=ctx)
        now = _read_params(net, shapes, "after loss(X, y)")
        if not all(np.array_equal(now[k], before[k]) for k in PARAM_NAMES):
            fail("loss(X, y) changed self.params; only train may update the parameters")

    # reg defaults to 0
    N, D, H, C = 3, 4, 5, 3
    net = _make_net(cls, D, H, C, std=0.1, seed=0)
    params = _random_params(rng, D, H, C)
    _set_params(net, params)
    X, y = rng.normal(size=(N, D)), rng.integers(0, C, size=N)
    out = _plain(call(net.loss, X, y, name="loss", arg_names=["X", "y"]))
    if not isinstance(out, tuple | list) or len(out) != 2:
        fail("loss(X, y) must return a pair (loss, grads)")
    assert_close(as_float(out[0], "the loss"), _torch_loss(params, X, y, 0.0)[0], "the loss",
                 raw=out[0], rtol=2e-4, context="with the default reg=0.0")


# ----------------------------------------------------------------------------- predict

def _with_correct_scores(net, params) -> None:
    """Give this net (the grader's instance) a correct loss for `params`, so that the predict check
    judges predict alone; a predict that computes the scores itself is judged as it is."""
    def loss(X, y=None, reg=0.0):
        if y is None:
            return _forward(params, X)
        return _np_loss(params, X, y, reg)

    try:
        net.loss = loss
    except (AttributeError, TypeError, judge.RemoteError):
        pass


def _with_correct_predict(net) -> None:
    """Give this net a correct predict (from its current parameters): learns then judges __init__,
    loss and train, the parts of the class that make it learn."""
    def predict(X):
        current = _params(net)
        return np.argmax(_forward({k: np.asarray(current[k], dtype=np.float64) for k in PARAM_NAMES}, X),
                         axis=1)

    try:
        net.predict = predict
    except (AttributeError, TypeError, judge.RemoteError):
        pass


def predict(cls) -> None:
    """predict(X) returns integer labels equal to the argmax of the scores."""
    rng = rng_for(505)
    for N, D, H, C, shift in ((1, 3, 4, 3, 0.0), (6, 5, 7, 3, 0.0), (25, 4, 6, 10, 0.0),
                              (8, 4, 5, 4, -5.0)):  # every score negative
        net = _make_net(cls, D, H, C, std=0.1, seed=0)
        while True:
            params = _random_params(rng, D, H, C)
            params["b2"] = params["b2"] + shift
            X = rng.normal(size=(N, D))
            scores = _forward(params, X)
            top2 = np.sort(scores, axis=1)[:, -2:]
            if np.all(top2[:, 1] - top2[:, 0] > 1e-3) and (N < 6 or len(set(np.argmax(scores, 1))) > 1):
                break
        _set_params(net, params)
        _with_correct_scores(net, params)
        raw = call(net.predict, X, name="predict", arg_names=["X"])
        arr = np.asarray(as_array(raw, "predict(X)"))
        if arr.shape in ((N, C), (C, N)) and C != 1 and arr.shape != (N,):
            fail("predict(X) returned an array of shape (N, C): return the predicted class labels "
                 "(the argmax of the scores), not the scores")
        if arr.shape == (C,) and C != N:
            fail("predict(X) returned one label per class: take the argmax over the classes (axis=1) of "
                 "each row, not over the examples (axis=0)")
        labels = as_array(raw, "predict(X)", (N,), allow_squeeze=True)
        if np.asarray(raw).dtype.kind not in "iu":
            fail("predict(X) must return integer labels (an array of ints, e.g. from np.argmax)")
        expected = np.argmax(scores, axis=1)
        if not np.array_equal(labels, expected):
            if np.array_equal(labels, np.argmin(scores, axis=1)):
                fail("predict(X) returns the class with the lowest score; it must be the highest")
            fail(f"predict(X) is not the class with the highest score for N={N}, C={C}")


# ----------------------------------------------------------------------------- train

def _schedule_candidates(num_iters: int, ipe: int, n: int, batch: int):
    """k(t) (the number of decays applied at iteration t) for accepted and wrong schedules."""
    t = np.arange(num_iters)
    ceil_epoch = max(-(-n // batch), 1)
    accepted = {
        "once per completed epoch": t // ipe,
        "CS231n: after the update at iterations 0, ipe, 2·ipe, ...": -(-t // ipe),
        "before the update at iterations 0, ipe, 2·ipe, ...": t // ipe + 1,
    }
    wrong = [
        (t, "the learning rate is decayed after every iteration; decay it once per epoch"),
        (t + 1, "the learning rate is decayed every iteration; decay it once per epoch"),
        (np.zeros_like(t), "the learning rate is never decayed: multiply it by "
                           "learning_rate_decay once per epoch"),
        (t // ceil_epoch, "an epoch is max(N // batch_size, 1) iterations (rounded down)"),
        (-(-t // ceil_epoch), "an epoch is max(N // batch_size, 1) iterations (rounded down)"),
        (t // n, "an epoch is max(N // batch_size, 1) iterations, not N"),
    ]
    return accepted, wrong


def _simulate(k, lr, decay, reg, p0, num_iters):
    """Final params and loss history of the X = 0 problem for a decay schedule k(t)."""
    W1, W2, b2 = p0["W1"].copy(), p0["W2"].copy(), p0["b2"].copy()
    e0 = np.zeros_like(b2)
    e0[0] = 1.0
    losses = []
    for it in range(num_iters):
        step = lr * decay ** k[it]
        losses.append(0.5 * float(np.sum((b2 - e0) ** 2))
                      + 0.5 * reg * float(np.sum(W1 * W1) + np.sum(W2 * W2)))
        b2 = b2 - step * (b2 - e0)
        W1 = W1 * (1 - step * reg)
        W2 = W2 * (1 - step * reg)
    return {"W1": W1, "b1": p0["b1"], "W2": W2, "b2": b2}, np.array(losses)


def _matches(got, expected, rtol=1e-4, atol=1e-7, keys=PARAM_NAMES) -> bool:
    return all(np.allclose(got[k], expected[k], rtol=rtol, atol=atol) for k in keys)


def _train_schedule(cls) -> None:
    """X = 0 and one label: only b2 learns (and weights shrink by reg), at the step sizes used."""
    N, D, H, C, batch, num_iters = 12, 3, 4, 3, 5, 9
    ipe = max(N // batch, 1)  # 2, where ceil would give 3
    lr, decay, reg = 0.3, 0.5, 0.4
    rng = rng_for(606)
    p0 = {"W1": rng.normal(size=(D, H)) * 0.5, "b1": -np.ones(H), "W2": rng.normal(size=(H, C)) * 0.5,
          "b2": np.zeros(C)}
    X, y = np.zeros((N, D)), np.zeros(N, dtype=np.int64)
    X_val, y_val = np.zeros((4, D)), np.ones(4, dtype=np.int64)
    net = _make_net(cls, D, H, C, std=0.1, seed=0)
    _set_params(net, p0)
    _with_correct_loss(net)
    stats = _train(net, X, y, X_val, y_val, learning_rate=lr, learning_rate_decay=decay, reg=reg,
                   num_iters=num_iters, batch_size=batch, seed=0)
    got = _read_params(net, _shapes(D, H, C), "after train")
    if _matches(got, p0, rtol=0, atol=0):
        fail("self.params did not change during train: update the parameters in self.params")
    accepted, wrong = _schedule_candidates(num_iters, ipe, N, batch)
    matched = None
    for k in accepted.values():
        expected, losses = _simulate(k, lr, decay, reg, p0, num_iters)
        if _matches(got, expected):
            matched = losses
            break
    if matched is None:
        for k, message in wrong:
            if _matches(got, _simulate(k, lr, decay, reg, p0, num_iters)[0]):
                fail(message)
        if any(_matches(got, _simulate(k, lr, decay, 0.0, p0, num_iters)[0]) for k in accepted.values()):
            fail("train ignores reg: the weights are not shrunk by the L2 penalty (pass reg to the loss)")
        if any(_matches(got, _simulate(k, lr, decay, reg, p0, num_iters)[0], keys=("b2",))
               for k in accepted.values()):
            fail("the weights do not shrink as the L2 penalty reg requires during train")
        fail("the parameters after train do not follow SGD steps of size learning_rate, decayed "
             "by learning_rate_decay once per epoch")
    history = _history(stats, "loss_history", (num_iters,), "one entry per iteration")
    if not np.allclose(history, matched, rtol=1e-4, atol=1e-7):
        fail("loss_history must hold the minibatch loss of every iteration (computed before "
             "that iteration's update, regularization included)")
    epochs = num_iters // ipe
    lengths = {epochs, epochs + 1, -(-num_iters // ipe)}
    what = "one entry per epoch"
    train_acc = _history(stats, "train_acc_history", lengths, what)
    val_acc = _history(stats, "val_acc_history", lengths, what)
    for name, acc in (("train_acc_history", train_acc), ("val_acc_history", val_acc)):
        if np.any(acc > 1) or np.any(acc < 0):
            fail(f"{name} must hold accuracies as fractions in [0, 1], not percentages or counts")
    if not np.allclose(val_acc, 0.0):
        fail("val_acc_history must be the accuracy on X_val, y_val (not on the training data)")
    if not np.allclose(train_acc, 1.0):
        fail("train_acc_history must be the accuracy on the training data (or its minibatch)")


def _example_grads(params, X, y) -> np.ndarray:
    """Per-example gradients of 0.5·‖s_i − onehot(y_i)‖², stacked as columns (P, N)."""
    W1, b1, W2, b2, z, h, s, T = _pieces(params, X, y)
    ds = s - T
    dz = (ds @ W2.T) * (z > 0)
    cols = [np.einsum("nd,nh->ndh", X, dz).reshape(len(X), -1), dz,
            np.einsum("nh,nc->nhc", h, ds).reshape(len(X), -1), ds]
    return np.concatenate(cols, axis=1).T


def _train_sampling(cls) -> None:
    """The first update is a step on a random minibatch of batch_size training examples."""
    N, D, H, C, lr = 30, 4, 6, 3, 0.5
    rng = rng_for(2024)
    X, y = rng.normal(size=(N, D)), rng.integers(0, C, size=N)
    p0 = {"W1": rng.normal(size=(D, H)) * 0.7, "b1": rng.normal(size=H) * 0.3,
          "W2": rng.normal(size=(H, C)) * 0.7, "b2": rng.normal(size=C) * 0.3}
    G = _example_grads(p0, X, y)
    shapes = _shapes(D, H, C)
    flat0 = np.concatenate([p0[k].ravel() for k in PARAM_NAMES])
    batches: dict[int, list[tuple[int, ...]]] = {}
    for batch, seeds in ((1, range(5)), (5, range(3)), (N, range(1))):
        for seed in seeds:
            net = _make_net(cls, D, H, C, std=0.1, seed=0)
            _set_params(net, p0)
            _with_correct_loss(net)
            _train(net, X, y, X[:5], y[:5], learning_rate=lr, learning_rate_decay=1.0, reg=0.0,
                   num_iters=1, batch_size=batch, seed=seed)
            got = _read_params(net, shapes, "after train")
            step = (np.concatenate([got[k].ravel() for k in PARAM_NAMES]) - flat0) / -lr
            if np.allclose(step, 0, atol=1e-12):
                fail("self.params did not change during train: update the parameters in self.params")
            coef, *_ = np.linalg.lstsq(G, step, rcond=None)
            scale = max(1.0, float(np.abs(step).max()))
            if np.abs(G @ coef - step).max() > 1e-4 * scale:
                fail("the first update of train is not a gradient step on training examples "
                     f"(batch_size={batch}, learning_rate_decay=1, reg=0)")
            counts = coef * batch
            if batch < N and np.allclose(coef, 1.0 / N, atol=1e-3):
                fail("train steps on the whole training set; each iteration must use a random "
                     "minibatch of batch_size examples")
            if not np.allclose(counts, np.round(counts), atol=2e-2) or np.any(np.round(counts) < 0):
                fail(f"the first update of train is not the mean gradient over a minibatch of "
                     f"batch_size={batch} training examples")
            total = int(np.round(counts).sum())
            if total != batch:
                fail(f"the first update of train uses {total} examples' gradients averaged as if "
                     f"there were {batch}: the minibatch must have batch_size examples")
            batches.setdefault(batch, []).append(tuple(np.round(counts).astype(int)))
    for seen in batches.values():
        if len(seen) > 1 and len(set(seen)) == 1:
            fail("train uses the same minibatch whatever the seed: sample the minibatch at random "
                 "(e.g. rng.choice) with a generator made from the seed argument")


def train(cls) -> None:
    """Histories, learning-rate decay once per epoch, reg used, and real minibatch sampling."""
    _train_schedule(cls)
    _train_sampling(cls)


# ----------------------------------------------------------------------------- learns

def _digits():
    """scikit-learn's 8x8 digits (read from the file it ships, without importing scikit-learn)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    path = Path(next(iter(spec.submodule_search_locations or []), "")) / "datasets/data/digits.csv.gz" \
        if spec else None
    if path is not None and path.is_file():
        table = np.loadtxt(path, delimiter=",")
        X, y = table[:, :-1], table[:, -1].astype(np.int64)
    else:
        from sklearn.datasets import load_digits

        d = load_digits()
        X, y = d.data.astype(np.float64), d.target.astype(np.int64)
    X_train, y_train, X_val, y_val = X[:500], y[:500], X[1000:1300], y[1000:1300]
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0) + 1.0
    return (X_train - mu) / sd, y_train, (X_val - mu) / sd, y_val


LEARN_THRESHOLD = 0.75  # the reference reaches 0.87-0.92 over seeds


def _first_broken(cls) -> tuple[str, str] | None:
    """The first part of the class whose own check fails, with that check's message (or None)."""
    for part, check in (("__init__", init), ("loss", loss), ("train", train)):
        try:
            check(cls)
        except CheckFailure as exc:
            return part, str(exc)
        except judge.CHANNEL_FAULTS:
            raise
        except Exception as exc:  # noqa: BLE001  (the student's code raised inside that check)
            return part, f"{type(exc).__name__}: {exc}"
    return None


def learns(cls) -> None:
    """Trained with known-good settings on 500 digits, the net reaches >= 75% validation accuracy.
    When it does not, the message names the part of the class (__init__, loss, train) to fix first."""
    try:
        _learns(cls)
    except judge.CHANNEL_FAULTS:
        raise
    except Exception:
        broken = _first_broken(cls)
        if broken is not None:
            part, message = broken
            fail(f"your TwoLayerNet does not learn because its {part} is wrong; fix {part} first "
                 f"(its test says: {message})")
        raise


def _learns(cls) -> None:
    X_train, y_train, X_val, y_val = _digits()
    net = _make_net(cls, 64, 30, 10, std=0.1, seed=0)
    _with_correct_predict(net)
    stats = _train(net, X_train, y_train, X_val, y_val, learning_rate=0.1, learning_rate_decay=0.95,
                   reg=1e-3, num_iters=300, batch_size=50, seed=0)
    history = _history(stats, "loss_history", (300,), "one entry per iteration")
    acc = _accuracy(net, X_val, y_val, "the trained net")
    if acc < LEARN_THRESHOLD:
        if not np.isfinite(history).all():
            fail("training diverged (the loss became NaN or inf) with settings that work for a "
                 "correct TwoLayerNet")
        fail(f"trained with known-good settings on a small digits set, your TwoLayerNet stays "
             f"below {LEARN_THRESHOLD:.0%} validation accuracy (a correct one reaches about 90%)")
    if not np.mean(history[-30:]) < 0.8 * np.mean(history[:10]):
        fail("the loss_history of a net that learns does not decrease")


# ----------------------------------------------------------------------------- search

def _blobs():
    """Training data where a net that fits well and a net that predicts the majority class differ:
    the validation images come from every class but are all labelled 0, so the best net by
    validation accuracy is a heavily regularized one and the best by training accuracy is not."""
    rng = rng_for(707)
    centers = np.array([[3.0, 0, 0, 0], [0, 3.0, 0, 0], [0, 0, 3.0, 0]])
    y = np.repeat([0, 0, 1, 2], 40)
    X = centers[y] + rng.normal(size=(len(y), 4)) * 0.5
    y_val_src = np.repeat([0, 1, 2], 20)
    X_val = centers[y_val_src] + rng.normal(size=(len(y_val_src), 4)) * 0.5
    return X, y, X_val, np.zeros(len(X_val), dtype=np.int64)


def _unpack_search(out, what):
    out = _plain(out)
    if not isinstance(out, tuple | list) or len(out) != 3:
        fail(f"{what} must return a triple (results, best_net, best_val)")
    results, best_net, best_val = _plain(out[0]), out[1], out[2]
    if not isinstance(results, dict):
        fail(f"results of {what} must be a dict keyed by (learning_rate, reg, batch_size, hidden_size)")
    return results, best_net, best_val


def _check_results(results, what) -> dict[tuple, tuple[float, float]]:
    clean = {}
    for key, value in results.items():
        if not isinstance(key, tuple) or len(key) != 4:
            fail("the keys of results must be tuples (learning_rate, reg, batch_size, hidden_size)")
        try:
            [float(v) for v in key]
        except (TypeError, ValueError):
            fail("the keys of results must hold numbers (learning_rate, reg, batch_size, hidden_size)")
        pair = as_array(value, f"results{key!r}", (2,))
        if np.any(pair > 1) or np.any(pair < 0):
            fail(f"the accuracies in the results of {what} must be fractions in [0, 1]")
        clean[key] = (float(pair[0]), float(pair[1]))
    return clean


def _check_best(results, best_net, best_val, X_train, y_train, X_val, y_val, what, sizes):
    if best_net is None or not callable(_attr(best_net, "predict")):
        fail(f"best_net returned by {what} is not a trained TwoLayerNet")
    params = _params(best_net)
    W1 = params.get("W1") if isinstance(params, dict) else None
    if W1 is not None and np.ndim(W1) == 2 and np.shape(W1)[1] not in sizes:
        fail(f"best_net of {what} has a hidden layer of a size that is not in the hidden_size "
             "values: build each net with the hidden_size of its setting")
    acc = _accuracy(best_net, X_val, y_val, "best_net")
    val = as_float(best_val, "best_val")
    if not 0 <= val <= 1:
        fail("best_val must be a fraction in [0, 1]")
    if abs(val - acc) > 0.05:
        fail("best_val is not the validation accuracy of best_net")
    top_val = max(v[1] for v in results.values())
    if acc < top_val - 0.05:
        top_train = max(v[0] for v in results.values())
        train_acc = _accuracy(best_net, X_train, y_train, "best_net")
        if abs(train_acc - top_train) <= 0.05:
            fail(f"best_net of {what} is not the net with the highest validation accuracy in results "
                 "(it has the best training accuracy, or is it simply the last net?): choose it by "
                 "validation accuracy")
        fail(f"best_net of {what} is not the net with the highest validation accuracy in results")
    if val < top_val - 0.05:
        fail("best_val is lower than the best validation accuracy in results")


OWN_TRAIN_TOLERANCE = 0.3  # a training accuracy read off train_acc_history is a minibatch's


def _check_own_accuracies(results, best_net, X_train, y_train, X_val, y_val, what):
    """The accuracies in results are the student's numbers: best_net's own, recomputed here, must be
    among them (an untrained net reported with made-up accuracies is no search). The training
    accuracy may have been measured on a minibatch (the last entry of train_acc_history): 0.1 off
    for valid searches on the `_blobs` data, so the tolerance is wide; made-up ones were 0.5 off.
    Run last, after `_check_best`, so that the mistakes it names keep their messages."""
    train_acc = _accuracy(best_net, X_train, y_train, "best_net")
    val_acc = _accuracy(best_net, X_val, y_val, "best_net")
    if not any(abs(tr - train_acc) <= OWN_TRAIN_TOLERANCE and abs(va - val_acc) <= 0.05
               for tr, va in results.values()):
        fail(f"the results of {what} do not hold the accuracies of the nets it trained: best_net's own "
             "(train_acc, val_acc) is not among them")


def search(search_fn) -> None:
    """Every grid point in results, fractions in [0, 1]; best_net chosen by validation accuracy."""
    X, y, X_val, y_val = _blobs()
    # the last grid point is a well-fitted net: returning the last net is wrong here
    grid = {"learning_rate": [0.2, 0.3], "reg": [3.0, 1e-3], "batch_size": [20, 40],
            "hidden_size": [6, 10]}
    with _StandIns(search_fn):  # the grader's TwoLayerNet: only search is judged here
        out = call(search_fn, X, y, X_val, y_val, grid, name="search",
                   arg_names=["X_train", "y_train", "X_val", "y_val", "grid"], num_iters=200, seed=0)
    results, best_net, best_val = _unpack_search(out, "search")
    expected = set(itertools.product(grid["learning_rate"], grid["reg"], grid["batch_size"],
                                     grid["hidden_size"]))
    keys = set(results)
    if keys != expected:
        if len(keys) == len(expected) and all(isinstance(k, tuple) and len(k) == 4 for k in keys) \
                and {tuple(sorted(map(float, k))) for k in keys} \
                == {tuple(sorted(map(float, k))) for k in expected}:
            fail("the keys of results must be (learning_rate, reg, batch_size, hidden_size), in that "
                 "order")
        if len(keys) < len(expected):
            fail(f"results has {len(keys)} entries; the grid has {len(expected)} points (every "
                 "combination of the four lists)")
        fail("the keys of results must be the grid points (learning_rate, reg, batch_size, "
             "hidden_size)")
    clean = _check_results(results, "search")
    # here a heavily regularized net predicts the majority class (train 0.5, val 1.0) and a lightly
    # regularized one fits the training data (train 1.0, val 1/3): swapped pairs show the reverse
    strong = [v for k, v in clean.items() if k[1] == grid["reg"][0]]
    weak = [v for k, v in clean.items() if k[1] == grid["reg"][1]]
    if all(tr > 0.9 and 0.4 < va < 0.6 for tr, va in strong) \
            and any(va > 0.9 and tr < 0.4 for tr, va in weak):
        fail("the values of results must be (train_acc, val_acc), in that order")
    _check_best(clean, best_net, best_val, X, y, X_val, y_val, "search", grid["hidden_size"])
    _check_own_accuracies(clean, best_net, X, y, X_val, y_val, "search")


def random_search(random_search_fn) -> None:
    """n_trials samples; lr and reg log-uniform in their ranges; lists sampled; rng used; best by val."""
    rng = rng_for(808)
    X = rng.normal(size=(40, 3))
    y = rng.integers(0, 3, size=40)
    X_val, y_val = rng.normal(size=(10, 3)), rng.integers(0, 3, size=10)
    ranges = {"learning_rate": (1e-6, 1e-1), "reg": (1e-4, 1e1), "batch_size": [10, 20],
              "hidden_size": [3, 5]}
    names = ["X_train", "y_train", "X_val", "y_val"]

    def run(seed, n_trials=40, r=ranges, data=(X, y, X_val, y_val), iters=2):
        with _StandIns(random_search_fn, search=True):  # the grader's TwoLayerNet and search
            out = call(random_search_fn, *data, n_trials, r, name="random_search",
                       arg_names=[*names, "n_trials", "ranges"], rng=_generator(random_search_fn, seed),
                       num_iters=iters)
        return _unpack_search(out, "random_search")

    results, best_net, best_val = run(5)
    if len(results) != 40:
        fail(f"results has {len(results)} entries for n_trials=40: run exactly n_trials trials")
    clean = _check_results(results, "random_search")
    keys = np.array([[float(v) for v in k] for k in clean])
    for col, name in ((0, "learning_rate"), (1, "reg")):
        lo, hi = ranges[name]
        vals = keys[:, col]
        if np.any(vals < lo * (1 - 1e-9)) or np.any(vals > hi * (1 + 1e-9)):
            fail(f"some sampled {name} values lie outside ranges[{name!r}] = (lo, hi)")
        u = (np.log(vals) - math.log(lo)) / (math.log(hi) - math.log(lo))
        lower, upper = float(np.mean(u < 1 / 3)), float(np.mean(u > 2 / 3))
        if lower < 0.1 or upper < 0.1:
            fail(f"{name} is not sampled log-uniformly: draw 10**uniform(log10(lo), log10(hi))")
    for col, name in ((2, "batch_size"), (3, "hidden_size")):
        vals = set(keys[:, col])
        if not vals <= set(map(float, ranges[name])):
            fail(f"some sampled {name} values are not in the list ranges[{name!r}]")
        if len(vals) < len(ranges[name]):
            fail(f"{name} must be drawn from the whole list ranges[{name!r}]")
    again, *_ = run(5)
    if sorted(map(tuple, keys)) != sorted(tuple(float(v) for v in k) for k in again):
        fail("two runs with generators of the same seed sample different settings: draw every "
             "random number from the rng argument")
    other, *_ = run(6)
    if sorted(map(tuple, keys)) == sorted(tuple(float(v) for v in k) for k in other):
        fail("generators of different seeds give the same settings: draw them from the rng argument")
    _check_best(clean, best_net, best_val, X, y, X_val, y_val, "random_search", ranges["hidden_size"])

    # selection by validation accuracy, on data where training and validation disagree
    Xb, yb, Xb_val, yb_val = _blobs()
    sel_ranges = {"learning_rate": (0.2, 0.3), "reg": (1e-3, 5.0), "batch_size": [20, 40],
                  "hidden_size": [6, 10]}
    results, best_net, best_val = run(9, n_trials=16, r=sel_ranges, data=(Xb, yb, Xb_val, yb_val),
                                      iters=200)
    clean = _check_results(results, "random_search")
    _check_best(clean, best_net, best_val, Xb, yb, Xb_val, yb_val, "random_search",
                sel_ranges["hidden_size"])
    _check_own_accuracies(clean, best_net, Xb, yb, Xb_val, yb_val, "random_search")


# ----------------------------------------------------------------------------- best_config (headline)

# The grader's retraining of the student's reported setting (the notebook states it in 3.4): 500
# iterations, >= 35 % validation and >= 33 % test accuracy. Reference (lr 1e-3, reg 0.01, 50 hidden,
# batches of 200): 39.0 % / 38.3 %; about 12 s through the channel.
HEADLINE_ITERS = 500
HEADLINE_VAL, HEADLINE_TEST = 0.35, 0.33
# Quick mode (COURSE_MODE=quick: the course's own corpus and CI): 100 iterations and bars set from the
# reference there with a margin (reference 32.4 % / 31.8 %; lr 1e-4: 20 % / 16 %).
QUICK_HEADLINE = (100, 0.28, 0.26)
MAX_HIDDEN, MAX_BATCH = 100, 200  # bound the retraining time (the notebook's search lists stay inside)
CONFIG_KEYS = ("learning_rate", "reg", "hidden_size", "batch_size")
HISTORY_VAL = 100  # validation images given to train for its histories
HARDLY_FELL = 0.97  # trained data loss / 0.5 (the loss of all-zero scores) above this: barely trained
_CIFAR: dict[str, np.ndarray] = {}
# quick mode only (the corpus grades ~70 variants in one process): one retraining per behaviour of the
# class (its fingerprint) and setting. Never in full mode: each submission is retrained.
_QUICK_OUTCOMES: dict[tuple, tuple[float, float, float]] = {}


def _quick() -> bool:
    return os.environ.get("COURSE_MODE", "").strip().lower() == "quick"


def _cifar_small() -> dict[str, np.ndarray]:
    """The course's CIFAR-10 subset, centred as the notebook does; its absence is the grader's fault."""
    if not _CIFAR:
        from utils.data import DataNotFoundError, load_cifar10

        try:
            data = load_cifar10(subset="small", normalize=None, test=True, n_test=1000, dtype=np.float64)
        except (DataNotFoundError, OSError) as exc:
            raise GraderFault(f"the course's CIFAR-10 subset is missing on the grading machine ({exc})") \
                from exc
        mean = data["X_train"].mean(axis=0)
        _CIFAR.update({k: (v - mean if k.startswith("X_") else v) for k, v in data.items()})
    return _CIFAR


def _setting(config: dict, key: str) -> float:
    value = config[key]
    name = f"best_config[{key!r}]"
    if value is None:
        fail(f"{name} is None: fill in the value your search found")
    if isinstance(value, str):
        fail(f"{name} is a string: write each setting as a number, without quotes")
    if isinstance(value, bool):
        fail(f"{name} is True or False: write each setting as a number")
    return as_float(value, name)


def _read_config(config) -> tuple[float, float, int, int]:
    config = _plain(config)
    if not isinstance(config, dict):
        fail("best_config must be a dict with the keys learning_rate, reg, hidden_size, batch_size")
    missing = [k for k in CONFIG_KEYS if k not in config]
    if missing:
        fail(f"best_config has no {', '.join(missing)}")
    lr, reg = _setting(config, "learning_rate"), _setting(config, "reg")
    if not lr > 0:
        fail("best_config['learning_rate'] must be positive")
    if not reg >= 0:
        fail("best_config['reg'] must not be negative")
    sizes = []
    for key, top in (("hidden_size", MAX_HIDDEN), ("batch_size", MAX_BATCH)):
        value = _setting(config, key)
        if value != int(value) or not 1 <= value <= top:
            fail(f"best_config[{key!r}] must be a whole number from 1 to {top} (the bound keeps the "
                 "grader's retraining short)")
        sizes.append(int(value))
    return lr, reg, sizes[0], sizes[1]


def _fingerprint(cls) -> bytes:
    """What the class computes on a small fixed problem (init, loss, three training steps): two
    classes with the same fingerprint train alike, so that quick mode retrains once per behaviour."""
    rng = rng_for(909)
    X, y = rng.normal(size=(12, 5)), rng.integers(0, 3, size=12)
    net = _make_net(cls, 5, 4, 3, std=0.3, seed=0)
    _with_correct_predict(net)
    parts = [as_array(v, "params").tobytes() for v in _read_params(net, _shapes(5, 4, 3), "").values()]
    _train(net, X, y, X, y, learning_rate=0.1, learning_rate_decay=0.9, reg=0.01, num_iters=3,
           batch_size=4, seed=0)
    parts += [np.round(v, 10).tobytes() for v in _read_params(net, _shapes(5, 4, 3), "").values()]
    judge.release(net)
    return b"|".join(parts)


def _retrain(cls, data, lr, reg, hidden, batch, iters) -> tuple[float, float, float]:
    """(validation accuracy, test accuracy, training data loss / 0.5) of the student's class trained
    by the grader; accuracies and loss computed here from the trained parameters (NaN: diverged)."""
    net = _make_net(cls, data["X_train"].shape[1], hidden, 10, seed=0)
    _with_correct_predict(net)  # predict has its own test; train only reports accuracies with it
    # train's X_val feeds only its histories (the grader measures the accuracies below): the first
    # HISTORY_VAL validation images, so that each epoch's callback to predict stays small; the data
    # are not echoed back (a copy crosses to the kernel: what train does to it changes nothing here)
    _train(net, data["X_train"], data["y_train"], data["X_val"][:HISTORY_VAL], data["y_val"][:HISTORY_VAL],
           check_unchanged=False, learning_rate=lr, learning_rate_decay=0.95, reg=reg, num_iters=iters,
           batch_size=batch, seed=0)
    raw = _params(net)
    judge.release(net)
    if not isinstance(raw, dict) or any(k not in raw for k in PARAM_NAMES):
        fail("after train, self.params must still be a dict with W1, b1, W2, b2")
    shapes = _shapes(data["X_train"].shape[1], hidden, 10)
    params = {k: as_array(raw[k], f"self.params[{k!r}] after train", shapes[k], allow_squeeze=True,
                          finite=False) for k in PARAM_NAMES}
    with np.errstate(all="ignore"):
        accs = [float(np.mean(np.argmax(_forward(params, data[f"X_{s}"]), axis=1) == data[f"y_{s}"]))
                for s in ("val", "test")]
        fall = _np_loss(params, data["X_train"], data["y_train"], 0.0)[0] / 0.5
    return accs[0], accs[1], float(fall)


def best_config(cls, config) -> None:
    """The notebook's headline: the student's reported best setting, retrained BY THE GRADER with the
    student's own TwoLayerNet (its __init__, loss and train; predict stood in) on the course's
    CIFAR-10 subset for HEADLINE_ITERS iterations, reaches the stated validation and test targets.
    Accuracies are computed here from the trained parameters; nothing the notebook printed counts.
    A miss caused by a wrong part of the class names that part; otherwise the message says whether
    training diverged or hardly started."""
    lr, reg, hidden, batch = _read_config(config)
    quick = _quick()
    iters, val_bar, test_bar = QUICK_HEADLINE if quick else (HEADLINE_ITERS, HEADLINE_VAL, HEADLINE_TEST)
    data = _cifar_small()
    try:
        key = (_fingerprint(cls), lr, reg, hidden, batch) if quick else None
        outcome = _QUICK_OUTCOMES.get(key) if key is not None else None
        if outcome is None:
            outcome = _retrain(cls, data, lr, reg, hidden, batch, iters)
            if key is not None:
                _QUICK_OUTCOMES[key] = outcome
    except judge.CHANNEL_FAULTS:
        raise
    except Exception:  # a class that cannot be trained: which part of it is wrong?
        _blame_part(cls)
        raise
    val, test, fall = outcome
    if val >= val_bar and test >= test_bar:
        return
    _blame_part(cls)
    reached = (f"retrained by the grader with your TwoLayerNet ({iters} iterations, seed 0), best_config "
               f"reaches {val:.0%} validation and {test:.0%} test accuracy; the targets are "
               f"{val_bar:.0%} and {test_bar:.0%}")
    if not np.isfinite(fall):
        fail(f"{reached}: the training diverged (the loss became NaN or inf), so the learning rate is "
             "too large")
    if fall > HARDLY_FELL:
        fail(f"{reached}: the training loss hardly fell from where it started, so the learning rate is "
             "too small (or reg far too large) for this budget")
    fail(f"{reached}: choose the setting with the best validation accuracy in your search's results")


def _blame_part(cls) -> None:
    """Fail naming the first wrong part of the class (__init__, loss, train), if there is one."""
    broken = _first_broken(cls)
    if broken is not None:
        part, message = broken
        fail(f"best_config is retrained with your TwoLayerNet, whose {part} is wrong; fix {part} first "
             f"(its test says: {message})")


best_config.time_limit = 40.0
