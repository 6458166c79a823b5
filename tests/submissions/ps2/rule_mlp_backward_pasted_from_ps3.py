"""mlp_backward pasted from problem set 3's given code (its check of loss_and_grads against PyTorch autograd).

Issue #18: a submission that copies given code from another notebook. The pasted cell takes the
gradients from autograd, which problem set 2's NumPy-only rule forbids in a graded function.
"""
KIND = "mistake"
FAILS = {"test_mlp_backward": "NumPy only", "test_mlp_vectorized": "NumPy only", "test_mnist_targets": "NumPy only"}

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy for the batch of cache (from mlp_forward) with labels
    y (N,): a dict keyed like params, each with the shape of its parameter.'''
    # from problem set 3: "your loss_and_grads against PyTorch autograd on one batch, in float64"
    import torch
    from torch import nn

    X_check, y_check = cache["A"][0], y
    params_t = {k: torch.tensor(v, requires_grad=True) for k, v in cache["params"].items()}
    logits_t = torch.relu(torch.from_numpy(X_check) @ params_t["W1"] + params_t["b1"]) @ params_t["W2"] + params_t["b2"]
    loss_t = nn.functional.cross_entropy(logits_t, torch.as_tensor(y_check, dtype=torch.int64))
    loss_t.backward()
    return {k: params_t[k].grad.numpy() for k in params_t}
