"""param.data rebound to float64 tensors: a float32 model silently becomes float64."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'dtype'}

# %% solution_weights_to_model
def weights_to_model(w, model):
    """Copy the weights w1..w13 (NumPy array of shape (13,)) into the 2-3-1 `model` in place; return it."""
    w = torch.as_tensor(np.asarray(w, dtype=np.float64))
    first, second = model[0], model[2]
    first.bias.data = w[0:3].clone()
    first.weight.data = torch.stack([w[3:6], w[6:9]], dim=1)
    second.bias.data = w[9:10].clone()
    second.weight.data = w[10:13].reshape(1, 3).clone()
    return model
