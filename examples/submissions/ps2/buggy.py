"""A buggy submission: one_hot off by one and a softmax without the max shift (NaN for large logits)."""
KIND = "mistake"
E2E = True
FAILS = {"test_one_hot": "off by one", "test_mlp_forward": "NaN", "test_mlp_backward": "fix mlp_forward first"}

# %% solution_one_hot
def one_hot(labels, num_classes):
    '''One-hot encoding: labels (N,) of integers in 0..num_classes-1 -> Y (N, num_classes),
    with Y[n, labels[n]] = 1 and 0 elsewhere.'''
    labels = np.asarray(labels)
    Y = np.zeros((labels.shape[0], num_classes))
    Y[np.arange(labels.shape[0]), labels - 1] = 1.0
    return Y

# %% solution_mlp_forward
def mlp_forward(X, params, activation="sigmoid"):
    '''Forward pass for X (N, d_0): returns probs (N, d_L), the row-wise softmax of the last layer,
    and cache, whatever mlp_backward needs. Hidden layers use activation ("sigmoid" or "relu").'''
    L = len(params) // 2
    A = X
    cache = {"A": [X], "Z": [], "params": params, "activation": activation}
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        cache["Z"].append(Z)
        if l < L:
            A = sigmoid(Z) if activation == "sigmoid" else np.maximum(0.0, Z)
            cache["A"].append(A)
    E = np.exp(Z)
    probs = E / E.sum(axis=1, keepdims=True)
    cache["probs"] = probs
    return probs, cache
