"""Checks of problem set 1, section 1: the 2-2-1 network with the student's own numbers (utils.personal,
from STUDENT_ID)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from autograder.checklib import as_float, fail
from autograder.checks.ps1.values import checked_array, close_hand, half_hints, zero_hint
from autograder.oracles import sigmoid, tensor, to_numpy


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
    W1, b1, W2, b2 = (tensor(net[k]).requires_grad_() for k in ("W1", "b1", "W2", "b2"))
    z1 = W1 @ tensor(net["x0"]) + b1
    x1 = torch.sigmoid(z1)
    z2 = W2 @ x1 + b2
    x2 = torch.sigmoid(z2)
    loss = 0.5 * ((x2 - float(net["y"])) ** 2).sum()
    loss.backward()
    values = {"z1": z1, "x1": x1, "z2": z2, "x2": x2, "loss": loss,
              "dW1": W1.grad, "db1": b1.grad, "dW2": W2.grad, "db2": b2.grad}
    return {k: to_numpy(v) for k, v in values.items()}


def _wrong_221(net: Mapping[str, Any], *, bias: bool = True, w1_transposed: bool = False,
               out_sigmoid: bool = True, half: float = 0.5, prime_on_z: bool = False,
               out_prime: bool = True) -> dict[str, np.ndarray]:
    """The 2-2-1 network in NumPy with one typical mistake switched on (hint values only)."""
    W1, b1, W2, b2, x0 = (np.array(net[k], dtype=float) for k in ("W1", "b1", "W2", "b2", "x0"))
    target = float(net["y"])
    if not bias:
        b1, b2 = 0 * b1, 0 * b2
    z1 = (W1.T if w1_transposed else W1) @ x0 + b1
    x1 = sigmoid(z1)
    z2 = W2 @ x1 + b2
    x2 = sigmoid(z2) if out_sigmoid else z2
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
        "z1": checked_array(z1, "z1", (2,)),
        "x1": checked_array(x1, "x1", (2,)),
        "z2": checked_array(z2, "z2", (1,), scalar_ok=True),
        "x2": checked_array(x2, "x2", (1,), scalar_ok=True),
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
        close_hand(got[name], exp[name], name, raws[name], hints[name])


forward_221.time_limit = 20


def backward_221(student_id: Any = None, dW1: Any = None, db1: Any = None, dW2: Any = None,
                 db2: Any = None) -> None:
    """The gradients of the student's own 2-2-1 network, shaped like the parameters, to a relative 1e-4."""
    net = _student_network(student_id)
    exp = _oracle_221(net)
    got = {
        "dW2": checked_array(dW2, "dW2", (1, 2), like="W2", transposed_hint="transposed?"),
        "db2": checked_array(db2, "db2", (1,), scalar_ok=True, like="b2"),
        "dW1": checked_array(dW1, "dW1", (2, 2), like="W1"),
        "db1": checked_array(db1, "db1", (2,), like="b1"),
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
            *half_hints(name, exp[name]),
        ]
        if name == "dW1":
            hints.insert(0, (exp["dW1"].T, "dW1 is transposed: dW1[i, j] = ∂l/∂W1[i, j], where "
                                           "W1[i, j] connects input j to hidden unit i"))
        if name == "dW2":
            hints.append((exp["db2"] * np.asarray(net["x0"])[None, :],
                          "dW2 uses the network input x0; it needs the hidden activations x1"))
        if name.startswith("db"):
            hints += zero_hint(name, exp[name], "the bias gradient is forgotten (∂l/∂b is the δ of its "
                                                 "layer)")
        close_hand(got[name], exp[name], name, raws[name], hints)


backward_221.time_limit = 20
