"""mlp_forward applies the hidden activation to the output before softmax."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'output layer', 'test_mlp_backward': 'fix mlp_forward first', 'test_mlp_vectorized': 'fix mlp_forward first', 'test_train_mlp': 'fix mlp_forward first', 'test_mnist_targets': 'fix mlp_forward first'}

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
        A = sigmoid(Z) if activation == "sigmoid" else np.maximum(0.0, Z)
        if l < L:
            cache["A"].append(A)
    A = A - A.max(axis=1, keepdims=True)
    E = np.exp(A)
    probs = E / E.sum(axis=1, keepdims=True)
    cache["probs"] = probs
    return probs, cache
