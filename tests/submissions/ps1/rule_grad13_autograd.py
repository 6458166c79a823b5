"""grad_13 lets PyTorch autograd compute the 13 derivatives instead of working them out."""
KIND = "mistake"
FAILS = {"test_grad_13": "automatic differentiation"}

# %% solution_grad_13
def grad_13(x1, x2, y, w):
    import torch

    wt = torch.tensor(np.asarray(w, dtype=float), requires_grad=True)
    h = torch.sigmoid(wt[0:3] + wt[3:6] * x1 + wt[6:9] * x2)
    y_hat = torch.sigmoid(wt[9] + wt[10:13] @ h)
    (0.5 * (y - y_hat) ** 2).backward()
    return wt.grad.numpy()
