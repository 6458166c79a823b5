"""mlp_forward runs the network one example at a time."""
KIND = "mistake"
FAILS = {'test_mlp_vectorized': 'per example'}

# %% solution_mlp_forward
def mlp_forward(X, params, activation="sigmoid"):
    '''Forward pass for X (N, d_0): returns probs (N, d_L), the row-wise softmax of the last layer,
    and cache, whatever mlp_backward needs. Hidden layers use activation ("sigmoid" or "relu").'''
    L = len(params) // 2
    As = [[] for _ in range(L)]
    Zs = [[] for _ in range(L)]
    rows = []
    for x in X:
        a = x
        As[0].append(a)
        for l in range(1, L + 1):
            z = a @ params[f"W{l}"] + params[f"b{l}"]
            Zs[l - 1].append(z)
            if l < L:
                a = sigmoid(z) if activation == "sigmoid" else np.maximum(0.0, z)
                As[l].append(a)
        e = np.exp(z - z.max())
        rows.append(e / e.sum())
    probs = np.array(rows)
    cache = {"A": [np.array(a) for a in As], "Z": [np.array(z) for z in Zs], "params": params,
             "activation": activation, "probs": probs}
    return probs, cache
