"""The 13-weight network of problem set 3: its torch float64 oracle, its layout in a PyTorch model, the
grader's stand-ins for the graded functions and the typical mistakes it names."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from autograder.checklib import CheckFailure, is_close
from autograder.oracles import sigmoid, tensor

F64 = torch.float64
ORDER_HINT = ("w4-w6 connect x1 to h1-h3 and w7-w9 connect x2 to h1-h3 (check the order of the "
              "input weights)")


def net13(x: torch.Tensor, w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The 2-3-1 sigmoid network unit by unit: h_j = σ(w_j + x1 w_{3+j} + x2 w_{6+j})."""
    h = torch.stack([torch.sigmoid(w[j] + x[:, 0] * w[3 + j] + x[:, 1] * w[6 + j]) for j in range(3)],
                    dim=1)
    y = torch.sigmoid(w[9] + h[:, 0] * w[10] + h[:, 1] * w[11] + h[:, 2] * w[12])
    return h, y.unsqueeze(1)


def loss13(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    """The 13-weight network's loss ½ Σ (y − ŷ)² on x (N, 2), y (N, 1), w (13,), in torch float64."""
    _, out = net13(tensor(x), tensor(w))
    return float(0.5 * ((tensor(y) - out) ** 2).sum())


def grad13(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The gradient (13,) of `loss13` with respect to w, by torch float64 autograd."""
    wt = tensor(w).requires_grad_(True)
    _, out = net13(tensor(x), wt)
    (0.5 * ((tensor(y) - out) ** 2).sum()).backward()
    return wt.grad.numpy().copy()


def data13(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs x (n, 2) and 0/1 targets y (n, 1) from `rng`."""
    x = rng.normal(size=(n, 2))
    y = (rng.random((n, 1)) < 0.5).astype(np.float64)
    return x, y


def model13(dtype: torch.dtype = F64) -> nn.Sequential:
    """The 2-3-1 sigmoid network as an `nn.Sequential` in `dtype`."""
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


def layout13(w: np.ndarray, where: dict[str, list] = RIGHT) -> dict[str, np.ndarray]:
    """The parameters of the PyTorch 2-3-1 model that hold the 13 weights `w` (per `where`)."""
    w = np.asarray(w, dtype=np.float64)
    return {k: w[np.array(idx)] for k, idx in where.items()}


def read_w(params: dict[str, np.ndarray], where: dict[str, list] = RIGHT) -> np.ndarray:
    """The 13 weights read from `params` by someone who believes `where` is the layout."""
    out = np.full(13, np.nan)
    for k, idx in where.items():
        out[np.array(idx).ravel()] = params[k].ravel()
    return out


def set13(model: nn.Module, w: np.ndarray) -> None:
    """Write the 13 weights `w` into `model13`'s parameters (the layout `RIGHT`), in place."""
    params = dict(model.named_parameters())
    with torch.no_grad():
        for key, value in layout13(w).items():
            params[key].copy_(torch.from_numpy(value))


def params_np(model: nn.Module) -> dict[str, np.ndarray]:
    """The model's parameters by name, as float64 NumPy copies."""
    return {k: p.detach().to(F64).numpy().copy() for k, p in model.named_parameters()}


def exactly_equal(a: np.ndarray, e: np.ndarray) -> bool:
    """Whether `a` has `e`'s shape and values to a relative 1e-14."""
    return a.shape == e.shape and is_close(a, e, 1e-14, 0.0)


def hint_from_exception(err: CheckFailure, hints: dict[str, str]) -> None:
    """Re-raise `err` with a named mistake when its message contains a known phrase."""
    msg = str(err)
    for phrase, hint in hints.items():
        if phrase.lower() in msg.lower():
            raise CheckFailure(f"{msg.split(':')[0]}: {hint}") from None
    raise err


_MATMUL_PHRASES = ("matmul", "not aligned", "mismatch in its core dimension")
ORIENTATION_HINTS_FORWARD = dict.fromkeys(
    _MATMUL_PHRASES,
    "a weight matrix is used where its transpose belongs (W instead of Wᵀ): x (N, 2) @ W needs W of "
    "shape (2, 3), row i holding the weights from x_(i+1) (w4-w6 from x1, w7-w9 from x2)")
ORIENTATION_HINTS_BACKPROP = dict.fromkeys(
    _MATMUL_PHRASES,
    "a matrix product has a factor where its transpose belongs (W instead of Wᵀ): with δ of the hidden "
    "units (N, 3) and x (N, 2), the input-weight gradients are xᵀ δ (2, 3), the output weights' hᵀ δ_out")
ORIENTATION_HINTS_W2M = {
    "must match the size": "a weight has the wrong orientation: nn.Linear(2, 3).weight has shape "
                           "(out, in) = (3, 2), so weight[j, i] is the weight from x_(i+1) into h_(j+1) "
                           "(W where Wᵀ belongs)",
}

INPLACE_HINTS = {
    "leaf Variable that requires grad": "update (or copy into) the parameters inside "
                                        "`with torch.no_grad():` so that autograd does not track it",
    "cannot assign": "you rebound a parameter to a new tensor; update the existing parameter in place "
                     "(p -= ..., p.copy_(...)) under torch.no_grad()",
}


def forward_standin(x: Any, w: Any) -> tuple[np.ndarray, np.ndarray]:
    """A correct forward_pass (the grader's), for the checks of the functions that call it."""
    h, y = net13(tensor(np.asarray(x, dtype=np.float64)), tensor(np.asarray(w, dtype=np.float64)))
    return h.numpy(), y.numpy()


def backprop_standin(x: Any, y: Any, w: Any) -> np.ndarray:
    """A correct backprop_13 (the grader's), for the checks of the functions that call it."""
    return grad13(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64),
                   np.asarray(w, dtype=np.float64))


def grad13_variant(x: np.ndarray, y: np.ndarray, w: np.ndarray, *, out_prime: str = "a",
                    hid_prime: str = "a") -> np.ndarray:
    """backprop_13 written out with a typical mistake: each σ′ evaluated on the activation ("a", right),
    on the pre-activation ("z": z(1 − z)), or left out ("none")."""
    zh = x @ np.stack([w[3:6], w[6:9]]) + w[0:3]
    h = sigmoid(zh)
    zo = h @ w[10:13, None] + w[9]
    yp = sigmoid(zo)

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
