"""New nn.Parameter objects assigned instead of copying into the existing ones."""
KIND = "mistake"
FAILS = {'test_weights_to_model': 'replaced'}

# %% solution_weights_to_model
def weights_to_model(w, model):
    """Copy the weights w1..w13 (NumPy array of shape (13,)) into the 2-3-1 `model` in place; return it."""
    w = torch.as_tensor(np.asarray(w, dtype=np.float64))
    first, second = model[0], model[2]
    dt = first.weight.dtype
    first.bias = nn.Parameter(w[0:3].to(dt))
    first.weight = nn.Parameter(torch.stack([w[3:6], w[6:9]], dim=1).to(dt))
    second.bias = nn.Parameter(w[9:10].to(dt))
    second.weight = nn.Parameter(w[10:13].reshape(1, 3).to(dt))
    return model
