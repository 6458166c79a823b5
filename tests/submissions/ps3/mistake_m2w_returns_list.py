"""Returns a Python list of floats."""
KIND = "mistake"
FAILS = {'test_model_to_weights': 'NumPy array'}

# %% solution_model_to_weights
def model_to_weights(model):
    """The 13 weights w1..w13 of a 2-3-1 `model` as a new float64 NumPy array of shape (13,)."""
    first, second = model[0], model[2]
    parts = [first.bias, first.weight[:, 0], first.weight[:, 1], second.bias, second.weight[0]]
    return torch.cat([p.detach().reshape(-1) for p in parts]).tolist()
