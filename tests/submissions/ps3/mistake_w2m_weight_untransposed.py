"""The first layer's weight copied as the (2, 3) matrix of the NumPy forward pass: the shapes do not match (3, 2)."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'wrong orientation'}

# %% solution_weights_to_model
def weights_to_model(w, model):
    """Copy the weights w1..w13 (NumPy array of shape (13,)) into the 2-3-1 `model` in place; return it."""
    w = torch.as_tensor(np.asarray(w, dtype=np.float64))
    with torch.no_grad():
        model[0].bias.copy_(w[0:3])
        model[0].weight.copy_(torch.stack([w[3:6], w[6:9]]))   # (2, 3), as in forward_pass
        model[2].bias.copy_(w[9:10])
        model[2].weight.copy_(w[10:13].reshape(1, 3))
    return model
