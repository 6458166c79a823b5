"""The check of problem set 4's TwoLayerNet.train: minibatch sampling, learning-rate decay, histories."""

from __future__ import annotations

import numpy as np

from autograder.checklib import fail, rng_for
from autograder.checks.ps4.nets import (
    history_of,
    make_net,
    read_params,
    set_params,
    shapes_of,
    train_net,
    with_correct_loss,
)
from autograder.checks.ps4.oracles import PARAM_NAMES, np_pieces


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
    net = make_net(cls, D, H, C, std=0.1, seed=0)
    set_params(net, p0)
    with_correct_loss(net)
    stats = train_net(net, X, y, X_val, y_val, learning_rate=lr, learning_rate_decay=decay, reg=reg,
                   num_iters=num_iters, batch_size=batch, seed=0)
    got = read_params(net, shapes_of(D, H, C), "after train")
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
    history = history_of(stats, "loss_history", (num_iters,), "one entry per iteration")
    if not np.allclose(history, matched, rtol=1e-4, atol=1e-7):
        fail("loss_history must hold the minibatch loss of every iteration (computed before "
             "that iteration's update, regularization included)")
    epochs = num_iters // ipe
    lengths = {epochs, epochs + 1, -(-num_iters // ipe)}
    what = "one entry per epoch"
    train_acc = history_of(stats, "train_acc_history", lengths, what)
    val_acc = history_of(stats, "val_acc_history", lengths, what)
    for name, acc in (("train_acc_history", train_acc), ("val_acc_history", val_acc)):
        if np.any(acc > 1) or np.any(acc < 0):
            fail(f"{name} must hold accuracies as fractions in [0, 1], not percentages or counts")
    if not np.allclose(val_acc, 0.0):
        fail("val_acc_history must be the accuracy on X_val, y_val (not on the training data)")
    if not np.allclose(train_acc, 1.0):
        fail("train_acc_history must be the accuracy on the training data (or its minibatch)")


def _example_grads(params, X, y) -> np.ndarray:
    """Per-example gradients of 0.5·‖s_i − onehot(y_i)‖², stacked as columns (P, N)."""
    W1, b1, W2, b2, z, h, s, T = np_pieces(params, X, y)
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
    shapes = shapes_of(D, H, C)
    flat0 = np.concatenate([p0[k].ravel() for k in PARAM_NAMES])
    batches: dict[int, list[tuple[int, ...]]] = {}
    for batch, seeds in ((1, range(5)), (5, range(3)), (N, range(1))):
        for seed in seeds:
            net = make_net(cls, D, H, C, std=0.1, seed=0)
            set_params(net, p0)
            with_correct_loss(net)
            train_net(net, X, y, X[:5], y[:5], learning_rate=lr, learning_rate_decay=1.0, reg=0.0,
                   num_iters=1, batch_size=batch, seed=seed)
            got = read_params(net, shapes, "after train")
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
