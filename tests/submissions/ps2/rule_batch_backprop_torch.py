"""mlp_backward recomputes the loss in PyTorch and takes autograd's gradients (NumPy only is the rule)."""
KIND = "mistake"
FAILS = {'test_mlp_backward': 'NumPy only', 'test_mlp_vectorized': 'NumPy only'}

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy for the batch of cache (from mlp_forward) with labels
    y (N,): a dict keyed like params, each with the shape of its parameter.'''
    import torch

    params, activation = cache["params"], cache["activation"]
    L = len(params) // 2
    tp = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    A = torch.tensor(cache["A"][0], dtype=torch.float64)
    for l in range(1, L + 1):
        Z = A @ tp[f"W{l}"] + tp[f"b{l}"]
        if l < L:
            A = torch.sigmoid(Z) if activation == "sigmoid" else torch.relu(Z)
    loss = torch.nn.functional.cross_entropy(Z, torch.as_tensor(np.asarray(y), dtype=torch.int64))
    loss.backward()
    return {k: t.grad.numpy() for k, t in tp.items()}
