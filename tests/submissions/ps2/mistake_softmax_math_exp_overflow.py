"""mlp_forward's softmax uses math.exp on the raw logits (OverflowError for large logits)."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'overflowed', 'test_mlp_backward': 'fix mlp_forward first', 'test_mlp_vectorized': 'per example'}

# %% solution_mlp_forward
import math


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
    probs = np.zeros_like(Z)
    for n in range(Z.shape[0]):
        e = [math.exp(v) for v in Z[n]]
        total = sum(e)
        probs[n] = [v / total for v in e]
    cache["probs"] = probs
    return probs, cache
