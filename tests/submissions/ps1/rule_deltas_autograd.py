"""backprop_deltas lets PyTorch autograd do the backward pass."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": "automatic differentiation"}

# %% solution_backprop_deltas
import torch


def backprop_deltas(Ws, bs, x, y):
    Wt = [torch.tensor(np.asarray(W, dtype=float), requires_grad=True) for W in Ws]
    bt = [torch.tensor(np.asarray(b, dtype=float), requires_grad=True) for b in bs]
    a = torch.tensor(np.asarray(x, dtype=float))
    for W, b in zip(Wt, bt):
        a = torch.sigmoid(W @ a + b)
    (0.5 * ((a - torch.tensor(np.asarray(y, dtype=float))) ** 2).sum()).backward()
    return [W.grad.numpy() for W in Wt], [b.grad.numpy() for b in bt]
