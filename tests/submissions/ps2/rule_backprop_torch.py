"""backprop computed with PyTorch autograd (the problem set is NumPy only)."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'NumPy only'}

# %% solution_backprop
import torch


def backprop(X, T, W, B, V):
    '''Gradients (DW, DB, DV) of E = mean(max(0, -y * T)) for X (N, 2), T (N,) in {-1, +1},
    W (2, H), B (H,), V (H,); DW, DB, DV have the shapes of W, B, V.'''
    tw, tb, tv = (torch.tensor(np.asarray(a, dtype=float), requires_grad=True) for a in (W, B, V))
    y = torch.relu(torch.tensor(np.asarray(X, dtype=float)) @ tw + tb) @ tv
    E = torch.relu(-y * torch.tensor(np.asarray(T, dtype=float))).mean()
    E.backward()
    return tw.grad.numpy(), tb.grad.numpy(), tv.grad.numpy()
