"""Reads each layer's weights before its bias (biases taken as w7-w9 and w13)."""
KIND = "mistake"
FAILS = {'test_model_to_weights': 'biases'}

# %% solution_model_to_weights
def model_to_weights(model):
    """The 13 weights w1..w13 of a 2-3-1 `model` as a new float64 NumPy array of shape (13,)."""
    first, second = model[0], model[2]
    parts = [first.weight[:, 0], first.weight[:, 1], first.bias, second.weight[0], second.bias]
    return torch.cat([p.detach().reshape(-1) for p in parts]).to(torch.float64).numpy().copy()
