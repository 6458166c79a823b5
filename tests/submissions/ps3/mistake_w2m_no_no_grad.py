"""copy_ into the parameters outside torch.no_grad()."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'torch.no_grad'}

# %% solution_weights_to_model
def weights_to_model(w, model):
    """Copy the weights w1..w13 (NumPy array of shape (13,)) into the 2-3-1 `model` in place; return it."""
    w = torch.as_tensor(np.asarray(w, dtype=np.float64))
    first, second = model[0], model[2]
    first.bias.copy_(w[0:3])
    first.weight.copy_(torch.stack([w[3:6], w[6:9]], dim=1))
    second.bias.copy_(w[9:10])
    second.weight.copy_(w[10:13].reshape(1, 3))
    return model
