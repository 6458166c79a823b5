"""init_mlp makes W_l of shape (d_l, d_{l-1})."""
KIND = "mistake"
FAILS = {'test_init_mlp': 'shape', 'test_train_mlp': 'fix init_mlp first', 'test_mnist_targets': 'fix init_mlp first'}

# %% solution_init_mlp
def init_mlp(sizes, rng, scheme="xavier"):
    '''Parameters {W1, b1, ..., WL, bL} for layer sizes [d_0, ..., d_L]: W_l (d_{l-1}, d_l) with
    Var = 2 / (fan_in + fan_out) ("xavier") or 2 / fan_in ("he"), b_l (d_l,) zero; drawn from rng.'''
    params = {}
    for l in range(1, len(sizes)):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        if scheme == "xavier":
            variance = 2.0 / (fan_in + fan_out)
        elif scheme == "he":
            variance = 2.0 / fan_in
        else:
            raise ValueError(f"unknown scheme {scheme!r}")
        params[f"W{l}"] = rng.normal(0.0, np.sqrt(variance), size=(fan_out, fan_in))
        params[f"b{l}"] = np.zeros(fan_out)
    return params
