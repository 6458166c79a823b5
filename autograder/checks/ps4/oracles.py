"""Problem set 4's oracles: the squared loss and its gradients by torch float64 autograd, and NumPy
recomputations with the typical mistakes the loss check names."""

from __future__ import annotations

import numpy as np

PARAM_NAMES = ("W1", "b1", "W2", "b2")


def torch_loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray | None, reg: float):
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


def np_scores(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Scores from a parameter dict, computed by the grader (independent of the student's code)."""
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=np.float64) for k in PARAM_NAMES)
    return np.maximum(np.asarray(X, dtype=np.float64) @ W1 + b1, 0.0) @ W2 + b2


def np_pieces(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray):
    """Forward quantities in float64 NumPy, to build the wrong answers of typical mistakes."""
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=np.float64) for k in PARAM_NAMES)
    z = X @ W1 + b1
    h = np.maximum(z, 0.0)
    s = h @ W2 + b2
    T = np.zeros_like(s)
    T[np.arange(len(y)), y] = 1.0
    return W1, b1, W2, b2, z, h, s, T


def np_backward(W2, X, z, h, ds, mask=None):
    """Gradients of the data term given d(scores) `ds`; `mask` replaces the ReLU mask."""
    dh = ds @ W2.T
    dz = dh * ((z > 0) if mask is None else mask)
    return {"W1": X.T @ dz, "b1": dz.sum(axis=0), "W2": h.T @ ds, "b2": ds.sum(axis=0)}


def loss_mistakes(params, X, y, reg):
    """(loss, grads) that typical mistakes give, each with the message that names the mistake."""
    W1, b1, W2, b2, z, h, s, T = np_pieces(params, X, y)
    n = len(X)
    wsq = float(np.sum(W1 * W1) + np.sum(W2 * W2))
    bsq = float(np.sum(b1 * b1) + np.sum(b2 * b2))
    data = 0.5 * float(np.sum((s - T) ** 2)) / n
    g = np_backward(W2, X, z, h, (s - T) / n)

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
        (n * data + 0.5 * reg * wsq, with_reg(np_backward(W2, X, z, h, ds_n), reg),
         "the data term is not averaged over the N examples (the factor 1/N is missing)"),
        (data / s.shape[1] + 0.5 * reg * wsq,
         with_reg(np_backward(W2, X, z, h, ds_n / (n * s.shape[1])), reg),
         "the data term is averaged over N·C entries; average over the N examples only"),
        (2 * data + 0.5 * reg * wsq, with_reg(np_backward(W2, X, z, h, 2 * ds_n / n), reg),
         "the data term is (1/2N)·Σ‖s_i − onehot(y_i)‖²: the factor 1/2 is missing"),
    ]
    out.append((right_loss, with_reg(np_backward(W2, X, z, h, -ds_n / n), reg),
                "the gradient of the data term has the wrong sign: dL/dS is (S − T)/N, not (T − S)/N"))
    ds_int = s - y[:, None].astype(np.float64)
    out.append((0.5 * float(np.sum(ds_int ** 2)) / n + 0.5 * reg * wsq,
                with_reg(np_backward(W2, X, z, h, ds_int / n), reg),
                "the scores are compared with the integer labels; compare them with one-hot targets"))
    if h.shape[1] == s.shape[1]:
        out.append((right_loss, with_reg(np_backward(W2, X, z, h, ds_n / n, mask=(s > 0)), reg),
                    "the ReLU backward is masked by the output scores; mask it where the hidden "
                    "pre-activation is positive"))
    out.append((right_loss, with_reg(np_backward(W2, X, z, h, ds_n / n, mask=1.0), reg),
                "the ReLU backward is missing: zero the hidden gradient where the pre-activation "
                "is not positive"))
    return out
