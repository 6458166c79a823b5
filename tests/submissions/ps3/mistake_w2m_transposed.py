"""The first layer's weight filled by reshaping w4-w9 to (3, 2): copied transposed."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'transposed'}

# %% solution_weights_to_model
def weights_to_model(w, model):
    """Copy the weights w1..w13 (NumPy array of shape (13,)) into the 2-3-1 `model` in place; return it."""
    w = torch.as_tensor(np.asarray(w, dtype=np.float64))
    first, second = model[0], model[2]
    with torch.no_grad():
        first.bias.copy_(w[0:3])
        first.weight.copy_(w[3:9].reshape(3, 2))  # weight[j, i]: from x_(i+1) into h_(j+1)
        second.bias.copy_(w[9:10])
        second.weight.copy_(w[10:13].reshape(1, 3))
    return model
