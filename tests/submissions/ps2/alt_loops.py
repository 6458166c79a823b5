"""Plain loops and lists wherever they are allowed (over labels, hidden units, layers, batches)."""
KIND = "alternative"

# %% solution_one_hot
def one_hot(labels, num_classes):
    '''One-hot encoding: labels (N,) of integers in 0..num_classes-1 -> Y (N, num_classes),
    with Y[n, labels[n]] = 1 and 0 elsewhere.'''
    rows = []
    for label in labels:
        row = [0] * num_classes
        row[int(label)] = 1
        rows.append(row)
    return np.array(rows, dtype=int).reshape(len(labels), num_classes)

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    '''Indices of the minibatches of one epoch: an int array (n // batch_size, batch_size) holding a
    random permutation of range(n) drawn from rng, the incomplete last minibatch dropped.'''
    order = rng.permutation(n)
    batches = []
    for start in range(0, n - batch_size + 1, batch_size):
        batches.append(list(order[start:start + batch_size]))
    return batches

# %% solution_backprop
def backprop(X, T, W, B, V):
    '''Gradients (DW, DB, DV) of E = mean(max(0, -y * T)) for X (N, 2), T (N,) in {-1, +1},
    W (2, H), B (H,), V (H,); DW, DB, DV have the shapes of W, B, V.'''
    N, H = X.shape[0], W.shape[1]
    y = forward(X, W, B, V)
    dy = np.zeros(N)
    dy[-y * T > 0] = -T[-y * T > 0] / N
    DW, DB, DV = np.zeros_like(W), np.zeros_like(B), np.zeros_like(V)
    for j in range(H):  # one hidden unit at a time, all examples at once
        z = X @ W[:, j] + B[j]
        a = np.maximum(0, z)
        DV[j] = np.sum(dy * a)
        dz = dy * V[j] * (z > 0)
        DW[0, j] = np.sum(dz * X[:, 0])
        DW[1, j] = np.sum(dz * X[:, 1])
        DB[j] = np.sum(dz)
    return DW, DB, DV

# %% solution_train_moons
def train_moons(X, T, W, B, V, lr=0.1, iterations=128, callback=None):
    '''Gradient descent on E; returns (W, B, V, errors) with errors[i] = E before step i.
    callback(i, W, B, V), if given, is called before step i.'''
    errors = []
    i = 0
    while i < iterations:
        if callback is not None:
            callback(i, W, B, V)
        errors.append(moons_error(forward(X, W, B, V), T))
        grads = backprop(X, T, W, B, V)
        for param, grad in zip((W, B, V), grads):
            param -= lr * grad   # in place: the tests pass copies
        i += 1
    return W, B, V, errors

# %% solution_init_mlp
def init_mlp(sizes, rng, scheme="xavier"):
    '''Parameters {W1, b1, ..., WL, bL} for layer sizes [d_0, ..., d_L]: W_l (d_{l-1}, d_l) with
    Var = 2 / (fan_in + fan_out) ("xavier") or 2 / fan_in ("he"), b_l (d_l,) zero; drawn from rng.'''
    params = {}
    for l in range(1, len(sizes)):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        if scheme == "he":
            std = (2 / fan_in) ** 0.5
        else:
            std = (2 / (fan_in + fan_out)) ** 0.5
        params["W" + str(l)] = std * rng.standard_normal(size=(fan_in, fan_out))
        params["b" + str(l)] = np.zeros((fan_out,))
    return params

# %% solution_mlp_forward
def mlp_forward(X, params, activation="sigmoid"):
    '''Forward pass for X (N, d_0): returns probs (N, d_L), the row-wise softmax of the last layer,
    and cache, whatever mlp_backward needs. Hidden layers use activation ("sigmoid" or "relu").'''
    n_layers = len(params) // 2
    layers = []        # (input, pre-activation) of every layer
    A = X
    for l in range(1, n_layers + 1):
        Z = np.dot(A, params["W" + str(l)]) + params["b" + str(l)]
        layers.append((A, Z))
        if l != n_layers:
            if activation == "relu":
                A = np.where(Z > 0, Z, 0.0)
            else:
                A = sigmoid(Z)
    shifted = Z - np.max(Z, axis=1)[:, None]
    exps = np.exp(shifted)
    probs = exps / np.sum(exps, axis=1)[:, None]
    return probs, {"layers": layers, "probs": probs, "params": params, "act": activation}

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    total = 0.0
    for n in range(len(y)):
        total += -np.log(probs[n, y[n]])
    return total / len(y)

# %% solution_mlp_backward_single
def mlp_backward_single(x, y, params, activation):
    '''Gradients of -log p_y for ONE example x (d_0,) with integer label y: a dict keyed like
    params, each gradient with the shape of its parameter.'''
    L = len(params) // 2
    inputs, pre = [], []
    a = x
    for l in range(1, L + 1):
        inputs.append(a)
        z = a @ params[f"W{l}"] + params[f"b{l}"]
        pre.append(z)
        a = sigmoid(z) if activation == "sigmoid" else np.maximum(0, z)
    z = pre[-1]
    p = np.exp(z - np.max(z)) / np.sum(np.exp(z - np.max(z)))
    target = np.zeros_like(p)
    target[y] = 1
    delta = p - target
    grads = {}
    for l in reversed(range(1, L + 1)):
        a_in = inputs[l - 1]
        gW = np.zeros(params[f"W{l}"].shape)
        for i in range(len(a_in)):          # the outer product, row by row
            gW[i, :] = a_in[i] * delta
        grads[f"W{l}"] = gW
        grads[f"b{l}"] = delta
        if l > 1:
            z_prev = pre[l - 2]
            if activation == "sigmoid":
                s = sigmoid(z_prev)
                fprime = s * (1 - s)
            else:
                fprime = (z_prev > 0) * 1.0
            delta = (params[f"W{l}"] @ delta) * fprime
    return grads

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy for the batch of cache (from mlp_forward) with labels
    y (N,): a dict keyed like params, each with the shape of its parameter.'''
    params, layers = cache["params"], cache["layers"]
    N = len(y)
    Y = np.zeros_like(cache["probs"])
    Y[np.arange(N), y] = 1
    delta = (cache["probs"] - Y) / N
    grads = {}
    for l in range(len(layers), 0, -1):
        A_in, Z = layers[l - 1]
        grads["W" + str(l)] = np.dot(A_in.T, delta)
        grads["b" + str(l)] = np.sum(delta, axis=0)
        if l > 1:
            Z_prev = layers[l - 2][1]
            if cache["act"] == "sigmoid":
                fprime = sigmoid(Z_prev) * (1 - sigmoid(Z_prev))
            else:
                fprime = np.where(Z_prev > 0, 1.0, 0.0)
            delta = np.dot(delta, params["W" + str(l)].T) * fprime
    return grads

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    '''One step of gradient descent, in place: params[k] -= lr * grads[k] for every k; returns params.'''
    for key in list(params.keys()):
        np.subtract(params[key], lr * grads[key], out=params[key])
    return params

# %% solution_train_mlp
def train_mlp(X_train, y_train, X_val, y_val, sizes, activation, lr, batch_size, epochs, rng):
    '''Minibatch SGD on the mean cross-entropy; returns (params, history) with per-batch
    batch_loss and per-epoch train_loss, train_acc, val_loss, val_acc.'''
    scheme = "xavier"
    if activation == "relu":
        scheme = "he"
    params = init_mlp(sizes, rng, scheme=scheme)
    history = {"train_loss": [], "train_acc": [], "val_loss": [], "val_acc": [], "batch_loss": []}
    epoch = 0
    while epoch < epochs:
        batches = minibatch_indices(len(X_train), batch_size, rng)
        for b in range(len(batches)):
            idx = np.array(batches[b])
            probs, cache = mlp_forward(X_train[idx], params, activation)
            history["batch_loss"].append(cross_entropy(probs, y_train[idx]))
            grads = mlp_backward(cache, y_train[idx])
            params = sgd_step(params, grads, lr)
        for name, X, y in [("train", X_train, y_train), ("val", X_val, y_val)]:
            probs, _ = mlp_forward(X, params, activation)
            history[name + "_loss"].append(cross_entropy(probs, y))
            history[name + "_acc"].append(accuracy(probs, y))
        epoch += 1
    return params, history
