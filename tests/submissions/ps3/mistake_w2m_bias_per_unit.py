"""Weights grouped per hidden unit: biases mapped to the wrong units."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'biases'}

# %% solution_weights_to_model
def weights_to_model(w, model):
    """Copy the weights w1..w13 (NumPy array of shape (13,)) into the 2-3-1 `model` in place; return it."""
    w = torch.as_tensor(np.asarray(w, dtype=np.float64))
    first, second = model[0], model[2]
    with torch.no_grad():
        first.bias.copy_(w[[0, 3, 6]])
        first.weight.copy_(w[[1, 2, 4, 5, 7, 8]].reshape(3, 2))  # weight[j, i]: from x_(i+1) into h_(j+1)
        second.bias.copy_(w[9:10])
        second.weight.copy_(w[10:13].reshape(1, 3))
    return model
