"""Every function computes in float32 (a valid choice: the checks scale tolerances to float32)."""
KIND = "alternative"

# %% solution_one_hot
def one_hot(labels, num_classes):
    '''One-hot encoding: labels (N,) of integers in 0..num_classes-1 -> Y (N, num_classes),
    with Y[n, labels[n]] = 1 and 0 elsewhere.'''
    return np.eye(num_classes, dtype=np.float32)[np.asarray(labels, dtype=np.int64)]

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    '''Indices of the minibatches of one epoch: an int array (n // batch_size, batch_size) holding a
    random permutation of range(n) drawn from rng, the incomplete last minibatch dropped.'''
    idx = np.arange(n, dtype=np.int32)
    rng.shuffle(idx)
    m = n // batch_size
    return idx[: m * batch_size].reshape(m, batch_size)

# %% solution_backprop
def backprop(X, T, W, B, V):
    '''Gradients (DW, DB, DV) of E = mean(max(0, -y * T)) for X (N, 2), T (N,) in {-1, +1},
    W (2, H), B (H,), V (H,); DW, DB, DV have the shapes of W, B, V.'''
    X, T = X.astype(np.float32), np.asarray(T, dtype=np.float32)
    W, B, V = W.astype(np.float32), B.astype(np.float32), V.astype(np.float32)
    Z = X @ W + B
    A = np.maximum(Z, 0)
    y = A @ V
    wrong = (y * T < 0).astype(np.float32)
    dy = -T * wrong / np.float32(len(X))
    dZ = dy[:, None] * V[None, :] * (Z > 0)
    return X.T @ dZ, dZ.sum(0), A.T @ dy

# %% solution_train_moons
def train_moons(X, T, W, B, V, lr=0.1, iterations=128, callback=None):
    '''Gradient descent on E; returns (W, B, V, errors) with errors[i] = E before step i.
    callback(i, W, B, V), if given, is called before step i.'''
    W, B, V = W.astype(np.float32), B.astype(np.float32), V.astype(np.float32)
    errors = np.zeros(iterations, dtype=np.float32)
    for i in range(iterations):
        if callback:
            callback(i, W, B, V)
        errors[i] = np.mean(np.maximum(0, -(np.maximum(0, X @ W + B) @ V) * T))
        DW, DB, DV = backprop(X, T, W, B, V)
        W -= np.float32(lr) * DW
        B -= np.float32(lr) * DB
        V -= np.float32(lr) * DV
    return W, B, V, errors

# %% solution_init_mlp
def init_mlp(sizes, rng, scheme="xavier"):
    '''Parameters {W1, b1, ..., WL, bL} for layer sizes [d_0, ..., d_L]: W_l (d_{l-1}, d_l) with
    Var = 2 / (fan_in + fan_out) ("xavier") or 2 / fan_in ("he"), b_l (d_l,) zero; drawn from rng.'''
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        var = 2.0 / fan_in if scheme == "he" else 2.0 / (fan_in + fan_out)
        params["W%d" % l] = (rng.standard_normal((fan_in, fan_out)) * np.sqrt(var)).astype(np.float32)
        params["b%d" % l] = np.zeros(fan_out, dtype=np.float32)
    return params

# %% solution_mlp_forward
def mlp_forward(X, params, activation="sigmoid"):
    '''Forward pass for X (N, d_0): returns probs (N, d_L), the row-wise softmax of the last layer,
    and cache, whatever mlp_backward needs. Hidden layers use activation ("sigmoid" or "relu").'''
    L = len(params) // 2
    acts = [np.asarray(X, dtype=np.float32)]
    for l in range(1, L):
        z = acts[-1] @ params[f"W{l}"].astype(np.float32) + params[f"b{l}"].astype(np.float32)
        acts.append(1 / (1 + np.exp(-z)) if activation == "sigmoid" else np.maximum(z, 0))
    logits = acts[-1] @ params[f"W{L}"].astype(np.float32) + params[f"b{L}"].astype(np.float32)
    logits -= logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    return probs, (acts, probs, params, activation)

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    p = probs.astype(np.float32)[np.arange(len(y)), y]
    return -np.log(np.clip(p, 1e-12, None)).mean()

# %% solution_mlp_backward_single
def mlp_backward_single(x, y, params, activation):
    '''Gradients of -log p_y for ONE example x (d_0,) with integer label y: a dict keyed like
    params, each gradient with the shape of its parameter.'''
    L = len(params) // 2
    a = [x.astype(np.float32)]
    for l in range(1, L):
        z = a[-1] @ params[f"W{l}"].astype(np.float32) + params[f"b{l}"].astype(np.float32)
        a.append(1 / (1 + np.exp(-z)) if activation == "sigmoid" else np.maximum(z, 0))
    o = a[-1] @ params[f"W{L}"].astype(np.float32) + params[f"b{L}"].astype(np.float32)
    p = np.exp(o - o.max())
    d = p / p.sum()
    d[y] -= 1
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = a[l - 1][:, None] * d[None, :]
        grads[f"b{l}"] = d
        if l > 1:
            if activation == "sigmoid":
                deriv = a[l - 1] * (1 - a[l - 1])
            else:
                deriv = (a[l - 1] > 0).astype(np.float32)
            d = (params[f"W{l}"].astype(np.float32) @ d) * deriv
    return grads

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy for the batch of cache (from mlp_forward) with labels
    y (N,): a dict keyed like params, each with the shape of its parameter.'''
    acts, probs, params, activation = cache
    L = len(params) // 2
    N = len(y)
    d = probs - np.eye(probs.shape[1], dtype=np.float32)[y]
    d /= np.float32(N)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = acts[l - 1].T @ d
        grads[f"b{l}"] = d.sum(axis=0)
        if l > 1:
            a = acts[l - 1]
            deriv = a * (1 - a) if activation == "sigmoid" else (a > 0).astype(np.float32)
            d = (d @ params[f"W{l}"].astype(np.float32).T) * deriv
    return grads

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    '''One step of gradient descent, in place: params[k] -= lr * grads[k] for every k; returns params.'''
    for name, p in params.items():
        p -= (lr * np.asarray(grads[name])).astype(p.dtype)
    return params

# %% solution_train_mlp
def train_mlp(X_train, y_train, X_val, y_val, sizes, activation, lr, batch_size, epochs, rng):
    '''Minibatch SGD on the mean cross-entropy; returns (params, history) with per-batch
    batch_loss and per-epoch train_loss, train_acc, val_loss, val_acc.'''
    X_train, X_val = X_train.astype(np.float32), X_val.astype(np.float32)
    params = init_mlp(sizes, rng, "he" if activation == "relu" else "xavier")
    history = {key: [] for key in ("batch_loss", "train_loss", "train_acc", "val_loss", "val_acc")}
    for epoch in range(epochs):
        for batch in minibatch_indices(X_train.shape[0], batch_size, rng):
            probs, cache = mlp_forward(X_train[batch], params, activation)
            history["batch_loss"].append(float(cross_entropy(probs, y_train[batch])))
            sgd_step(params, mlp_backward(cache, y_train[batch]), lr)
        p_train, _ = mlp_forward(X_train, params, activation)
        p_val, _ = mlp_forward(X_val, params, activation)
        history["train_loss"].append(float(cross_entropy(p_train, y_train)))
        history["train_acc"].append(float((p_train.argmax(1) == y_train).mean()))
        history["val_loss"].append(float(cross_entropy(p_val, y_val)))
        history["val_acc"].append(float((p_val.argmax(1) == y_val).mean()))
    return params, history
