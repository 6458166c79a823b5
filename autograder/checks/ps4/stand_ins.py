"""The grader's own TwoLayerNet and search, standing in for the student's where a check judges another part
(`StandIns`), and their twins in the kernel."""

from __future__ import annotations

import itertools

import numpy as np

import autograder.judge as judge
from autograder.checks.ps4.nets import np_loss
from autograder.checks.ps4.oracles import PARAM_NAMES, np_scores


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
            return np_scores(self.params, X)
        return np_loss(self.params, X, np.asarray(y, dtype=np.int64), float(reg))

    def predict(self, X):
        return np.argmax(np_scores(self.params, np.asarray(X, dtype=np.float64)), axis=1)

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


class StandIns:
    """Within `with StandIns(fn, search=...)`: the notebook's names `TwoLayerNet` (and `search`) that the
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
