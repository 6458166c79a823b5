"""Problem set 2's oracles: torch float64 autograd for the MLP and the two-moons error, and NumPy
recomputations with one typical mistake each (for hints only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from autograder.oracles import tensor, torch_module


def num_layers(params: Mapping[str, Any]) -> int:
    """The number of layers L of a parameter dict W1, b1, ..., WL, bL."""
    return len(params) // 2


def oracle_mlp(X: np.ndarray, y: np.ndarray | None, params: Mapping[str, np.ndarray],
                activation: str) -> tuple[np.ndarray, dict[str, np.ndarray] | None]:
    """probs (torch float64 softmax) and, when `y` is given, autograd gradients of the mean loss."""
    torch = torch_module()
    L = num_layers(params)
    tp = {k: tensor(v, grad=y is not None) for k, v in params.items()}
    A = tensor(X)
    for layer in range(1, L + 1):
        Z = A @ tp[f"W{layer}"] + tp[f"b{layer}"]
        if layer < L:
            A = torch.sigmoid(Z) if activation == "sigmoid" else torch.relu(Z)
    probs = torch.softmax(Z, dim=1).detach().numpy()
    if y is None:
        return probs, None
    logp = torch.log_softmax(Z, dim=1)
    loss = -logp[torch.arange(len(y)), torch.as_tensor(np.asarray(y, dtype=np.int64))].mean()
    loss.backward()
    return probs, {k: v.grad.numpy().copy() for k, v in tp.items()}


def _np_sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def np_softmax(o: np.ndarray, axis: int = 1) -> np.ndarray:
    """Softmax of `o` along `axis` (each row by default), shifted by the maximum; same shape as `o`."""
    e = np.exp(o - o.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_forward(X, params, activation, mistake=None):
    """NumPy forward pass; `mistake` reproduces a typical error to recognise it (hints only)."""
    L = num_layers(params)
    A, As, Zs = np.asarray(X, dtype=np.float64), [], []
    As.append(A)
    for layer in range(1, L + 1):
        Z = A @ params[f"W{layer}"] + params[f"b{layer}"]
        Zs.append(Z)
        hidden = layer < L
        act = activation
        if mistake == "wrong_activation":
            act = "relu" if activation == "sigmoid" else "sigmoid"
        if hidden:
            A = _np_sigmoid(Z) if act == "sigmoid" else np.maximum(0.0, Z)
        elif mistake == "activation_on_output":
            A = np_softmax(_np_sigmoid(Z) if act == "sigmoid" else np.maximum(0.0, Z))
        elif mistake == "softmax_axis0":
            A = np_softmax(Z, axis=0)
        else:
            A = np_softmax(Z)
        As.append(A)
    return A, As, Zs


def np_backward(X, y, params, activation, mistake=None):
    """NumPy gradients of the mean cross-entropy with one typical mistake (for hints only)."""
    L = num_layers(params)
    probs, As, Zs = np_forward(X, params, activation)
    N = len(y)
    dZ = probs.copy()
    if mistake == "rows_by_label":
        dZ[y] -= 1.0  # whole rows numbered by the labels
    elif mistake == "one_hot_index":
        dZ[np.eye(probs.shape[1], dtype=np.int64)[y]] -= 1.0  # rows 0 and 1
    else:
        dZ[np.arange(N), y] -= 1.0
    if mistake != "sum":
        dZ /= N
    grads = {}
    for layer in range(L, 0, -1):
        grads[f"W{layer}"] = As[layer - 1].T @ dZ
        grads[f"b{layer}"] = np.zeros(dZ.shape[1]) if mistake == "no_bias" else dZ.sum(axis=0)
        if layer > 1:
            dA = dZ @ params[f"W{layer}"].T
            A_prev, Z_prev = As[layer - 1], Zs[layer - 2]
            if mistake == "no_derivative":
                dZ = dA
            elif activation == "sigmoid":
                s = Z_prev if mistake == "derivative_of_z" else A_prev
                dZ = dA * s * (1.0 - s)
            else:
                mask_from = Z_prev
                if mistake == "mask_wrong_layer":
                    mask_from = Zs[layer - 1]  # the mask of the layer above: same shape needed
                    if mask_from.shape != Z_prev.shape:
                        return None
                dZ = dA * (mask_from > 0)
    return grads


def mlp_hints(X, y, params, activation, key, single=False):
    """(wrong gradient for `key`, message) for each typical backward mistake (`np_backward`), for
    `assert_close`; `single` leaves out the label-indexing mistakes (one example)."""
    hints = []
    messages = {
        "sum": "the gradients are summed over the batch instead of averaged (the 1/N is missing)",
        "derivative_of_z": "the sigmoid derivative must be σ(z)(1 − σ(z)) = a(1 − a), computed "
                           "from the activation a, not from the pre-activation z",
        "no_derivative": "the derivative of the hidden activation is missing when going back "
                         "through a hidden layer",
        "mask_wrong_layer": "the ReLU mask comes from the wrong layer: going back through layer l, "
                            "use that layer's own Z (or A) > 0",
        "no_bias": "the bias gradient is missing (it is zero): b_l shifts Z_l, so its gradient "
                   "is the error signal of layer l summed over the examples",
        "rows_by_label": "delta[y] picks whole rows (the rows numbered by the labels): subtract 1 "
                         "at [np.arange(N), y], one entry per example",
        "one_hot_index": "one-hot values used as indices (delta[Y] with Y one-hot picks rows 0 "
                         "and 1): subtract 1 at [np.arange(N), y] with the integer labels",
    }
    for mistake, message in messages.items():
        if single and mistake in ("rows_by_label", "one_hot_index"):
            continue
        try:
            wrong = np_backward(X, y, params, activation, mistake)
        except IndexError:  # the mistake cannot happen for these labels (rows that do not exist)
            continue
        if wrong is not None:
            hints.append((wrong[key], message))
    return hints


def moons_oracle(X, T, W, B, V):
    """(E, DW, DB, DV) of E = mean(max(0, −y t)) by torch float64 autograd."""
    torch = torch_module()
    tw, tb, tv = tensor(W, True), tensor(B, True), tensor(V, True)
    y = torch.relu(tensor(X) @ tw + tb) @ tv
    E = torch.relu(-y * tensor(T)).mean()
    E.backward()
    return float(E.detach()), tw.grad.numpy().copy(), tb.grad.numpy().copy(), tv.grad.numpy().copy()


def moons_numpy(X, T, W, B, V, mistake=None):
    """Analytic NumPy gradients of the two-moons error (for trajectories and hints)."""
    N = X.shape[0]
    Z = X @ W + B
    A = np.maximum(0.0, Z)
    Y = A @ V
    wrong_rows = (Y * T > 0) if mistake == "wrong_examples" else (-Y * T > 0)
    dY = np.where(wrong_rows, -T, 0.0)
    if mistake != "sum":
        dY = dY / N
    DV = (Z if mistake == "dv_from_z" else A).T @ dY
    dA = np.outer(dY, V) if mistake != "no_v" else np.repeat(dY[:, None], len(V), axis=1)
    if mistake == "no_mask":
        dZ = dA
    elif mistake == "mask_without_bias":
        dZ = dA * (X @ W > 0)
    else:
        dZ = dA * (Z > 0)
    return X.T @ dZ, dZ.sum(axis=0), DV


def moons_error(X, T, W, B, V):
    """E = mean(max(0, −y t)) of the two-moons network, y = max(0, XW + B) V: X (N, 2), T (N,)."""
    Y = np.maximum(0.0, X @ W + B) @ V
    return float(np.mean(np.maximum(0.0, -Y * T)))


def moons_init(rng, hidden=50):
    """(W (2, hidden), B (hidden,), V (hidden,)) drawn from `rng` as the notebook initialises them."""
    W = rng.normal(0.0, np.sqrt(0.5), size=(2, hidden))
    B = rng.normal(0.0, 1.0, size=hidden)
    V = rng.normal(0.0, np.sqrt(1.0 / hidden), size=hidden)
    return W, B, V


def random_params(rng, sizes, bias_scale=0.5):
    """Random MLP parameters W1 (sizes[0], sizes[1]), b1 (sizes[1],), ... for layer sizes `sizes`."""
    params = {}
    for layer in range(1, len(sizes)):
        fan_in, fan_out = sizes[layer - 1], sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, 1.5 / np.sqrt(fan_in), size=(fan_in, fan_out))
        params[f"b{layer}"] = rng.normal(0.0, bias_scale, size=fan_out)
    return params

