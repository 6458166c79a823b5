"""Checks of problem set 3, section 4: an MLP on MNIST (mlp, train_epoch, evaluate) and the check's own
short training (`train_mlp_briefly`)."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import torch
from torch import nn

import autograder.judge as judge
from autograder.check_data import mnist_head
from autograder.checklib import (
    CheckFailure,
    assert_close,
    call,
    fail,
    fail_rule,
    is_close,
    tolerances,
    type_label,
)
from autograder.checks.ps3.kernel_side import Probe, build_twin, is_nn, seed_everywhere, state_of, torch_state
from autograder.checks.ps3.net13 import F64, exactly_equal, params_np
from autograder.checks.ps3.torch13 import INPUTS
from autograder.checks.ps3.values import as_plain_array, as_plain_float, tuple_of

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
                  f"layers (nn.Linear and activations), not {type_label(model)}")
    modules = list(model.modules())
    is_linear = [is_nn(m, nn.Linear) for m in modules]
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
            if not lin and any(is_nn(m, kind) for kind in _ACTIVATION_TYPES)]
    for m in acts:
        if not is_nn(m, wanted_type):
            fail(f"{label} uses {type_label(m)} where activation={activation!r} was asked")
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
    with torch_state(student_mlp):
        for (d_in, hidden, d_out), activation in cases:
            seed_everywhere(student_mlp, 1)
            kwargs = {} if activation is None else {"activation": activation}
            label = f"MLP({d_in}, {hidden}, {d_out}" + (f", activation={activation!r})"
                                                        if activation else ")")
            model = call(student_mlp, d_in, list(hidden), d_out, name="MLP",
                         arg_names=["in_features", "hidden_sizes", "out_features"], **kwargs)
            act = activation or "relu"
            linears = [(m.weight, m.bias) for m in _structure(model, label, [d_in, *hidden, d_out], act)]
            inputs = torch.Generator().manual_seed(INPUTS)
            for n in (1, 5):
                x = torch.randn(n, d_in, generator=inputs)
                with torch.no_grad():
                    raw = call(model, x, name=f"{label}.forward", check_unchanged=False)
                    expected = _mlp_forward(linears, _ACTIVATIONS[act][1], x)
                got = as_plain_array(raw, f"the output of {label} for {n} example(s)", (n, d_out))
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


def _learning_data() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    n_train, n_eval = MLP_SUBSET
    x, y = mnist_head(n_train + n_eval, np.float32)
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
    seed_everywhere(student_mlp, 0)
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
    out = as_plain_array(logits, "the MLP's output", (len(x_ev), 10))
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
            float(means[-1]), params_np(model))


def train_epoch(student_train_epoch) -> None:
    """One epoch: mean loss over the examples, zero_grad/backward/step per batch, training mode."""
    like = student_train_epoch
    with torch_state(like):
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
            model = build_twin(like, spec, dtype, ours)  # the probe watches the Identity
            before = params_np(model)
            judge.library_call(model, "torch.nn.Module.eval", model, as_ref=True)
            probe = Probe()
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
            loss = as_plain_float(raw, "the value returned by train_epoch")
            after = params_np(model)
            if all(exactly_equal(after[k], before[k]) for k in before):
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
    with torch_state(like):
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
            model = build_twin(like, spec, dtype, ours)  # in training mode; the probe watches the Identity
            state = state_of(model)
            probe = Probe()
            probe.watch(model, 5)
            loss_fn = judge.library_call(like, "torch.nn.CrossEntropyLoss", as_ref=True)
            raw = call(student_evaluate, model, _their_loader(like, x, y, batch), loss_fn, name="evaluate",
                       check_unchanged=False)
            loss_raw, acc_raw = tuple_of(raw, "evaluate", "(loss, accuracy)")
            ctx = f"for {n} examples in batches of {batch}"
            if not probe.seen:
                fail("evaluate never called the model")
            if any(training for training, _ in probe.seen):
                fail("evaluate ran the model in training mode (Dropout and BatchNorm behave "
                     "differently): call model.eval() first")
            if any(grad for _, grad in probe.seen):
                fail("evaluate built a gradient graph: wrap the loop in torch.no_grad()")
            for k, v in state_of(model).items():
                if k not in state or v.shape != state[k].shape or not torch.equal(v, state[k]):
                    fail(f"evaluate changed the model's {k}; evaluation must not modify the model")
            loss = as_plain_float(loss_raw, "the loss returned by evaluate")
            acc = as_plain_float(acc_raw, "the accuracy returned by evaluate")
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
