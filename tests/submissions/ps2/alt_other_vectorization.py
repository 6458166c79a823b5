"""Other valid vectorizations: broadcasting, einsum, argsort permutations, uniform init, an object cache."""
KIND = "alternative"
EDITS = {
    "solution_sgd_step": [
        ("params[k] -= lr * grads[k]\n"
         "    return params",
         "params[k][...] = params[k] - lr * grads[k]\n"
         "    return params"),
    ],
}

# %% solution_one_hot
def one_hot(labels, num_classes):
    '''One-hot encoding: labels (N,) of integers in 0..num_classes-1 -> Y (N, num_classes),
    with Y[n, labels[n]] = 1 and 0 elsewhere.'''
    return (np.asarray(labels)[:, None] == np.arange(num_classes)[None, :]).astype(np.float64)

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    '''Indices of the minibatches of one epoch: an int array (n // batch_size, batch_size) holding a
    random permutation of range(n) drawn from rng, the incomplete last minibatch dropped.'''
    perm = np.argsort(rng.random(n), kind="stable")
    k = n // batch_size
    return np.stack(np.split(perm[: k * batch_size], k)) if k else np.empty((0, batch_size), int)

# %% solution_backprop
def backprop(X, T, W, B, V):
    '''Gradients (DW, DB, DV) of E = mean(max(0, -y * T)) for X (N, 2), T (N,) in {-1, +1},
    W (2, H), B (H,), V (H,); DW, DB, DV have the shapes of W, B, V.'''
    Z = np.einsum("ni,ij->nj", X, W) + B
    A = Z * (Z > 0)
    y = np.einsum("nj,j->n", A, V)
    g = -T * np.heaviside(-y * T, 0.0) / len(T)
    dZ = np.einsum("n,j->nj", g, V) * (Z > 0)
    return np.einsum("ni,nj->ij", X, dZ), np.einsum("nj->j", dZ), np.einsum("nj,n->j", A, g)

# %% solution_train_moons
def train_moons(X, T, W, B, V, lr=0.1, iterations=128, callback=None):
    '''Gradient descent on E; returns (W, B, V, errors) with errors[i] = E before step i.
    callback(i, W, B, V), if given, is called before step i.'''
    params = [W, B, V]
    errors = []
    for i in range(iterations):
        if callback is not None:
            callback(i, *[p.copy() for p in params])
        errors.append(moons_error(forward(X, *params), T))
        params = [p - lr * g for p, g in zip(params, backprop(X, T, *params))]
    return (*params, errors)

# %% solution_init_mlp
def init_mlp(sizes, rng, scheme="xavier"):
    '''Parameters {W1, b1, ..., WL, bL} for layer sizes [d_0, ..., d_L]: W_l (d_{l-1}, d_l) with
    Var = 2 / (fan_in + fan_out) ("xavier") or 2 / fan_in ("he"), b_l (d_l,) zero; drawn from rng.'''
    variance = {"xavier": lambda i, o: 2 / (i + o), "he": lambda i, o: 2 / i}[scheme]
    params = {}
    for l in range(1, len(sizes)):
        limit = np.sqrt(3 * variance(sizes[l - 1], sizes[l]))   # Var(U(-a, a)) = a^2 / 3
        params[f"W{l}"] = rng.uniform(-limit, limit, size=(sizes[l - 1], sizes[l]))
        params[f"b{l}"] = np.zeros(sizes[l])
    return params

# %% solution_mlp_forward
from types import SimpleNamespace


def mlp_forward(X, params, activation="sigmoid"):
    '''Forward pass for X (N, d_0): returns probs (N, d_L), the row-wise softmax of the last layer,
    and cache, whatever mlp_backward needs. Hidden layers use activation ("sigmoid" or "relu").'''
    f = {"sigmoid": sigmoid, "relu": lambda z: np.maximum(z, 0.0)}[activation]
    L = len(params) // 2
    A = [X]
    for l in range(1, L):
        A.append(f(A[-1] @ params[f"W{l}"] + params[f"b{l}"]))
    logits = A[-1] @ params[f"W{L}"] + params[f"b{L}"]
    m = logits.max(axis=1, keepdims=True)
    log_probs = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    probs = np.exp(log_probs)
    return probs, SimpleNamespace(A=A, probs=probs, params=params, activation=activation)

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    Y = np.eye(probs.shape[1])[y]
    return -np.sum(Y * np.log(np.clip(probs, 1e-12, 1.0))) / probs.shape[0]

# %% solution_mlp_backward_single
def mlp_backward_single(x, y, params, activation):
    '''Gradients of -log p_y for ONE example x (d_0,) with integer label y: a dict keyed like
    params, each gradient with the shape of its parameter.'''
    # the forward pass on a batch of one example, then the recursion on 1-D vectors
    probs, cache = mlp_forward(x[np.newaxis, :], params, activation)
    L = len(params) // 2
    delta = probs[0] - np.eye(probs.shape[1])[y]
    grads = {}
    for l in range(L, 0, -1):
        a_prev = cache.A[l - 1][0]
        grads[f"W{l}"] = np.einsum("i,j->ij", a_prev, delta)
        grads[f"b{l}"] = delta
        if l > 1:
            slope = a_prev * (1 - a_prev) if activation == "sigmoid" else (a_prev > 0)
            delta = np.einsum("ij,j->i", params[f"W{l}"], delta) * slope
    return grads

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy for the batch of cache (from mlp_forward) with labels
    y (N,): a dict keyed like params, each with the shape of its parameter.'''
    A, params = cache.A, cache.params
    L = len(params) // 2
    N, K = cache.probs.shape
    dZ = (cache.probs - np.eye(K)[y]) / N
    grads = {}
    for l in reversed(range(1, L + 1)):
        grads[f"W{l}"] = np.einsum("ni,nj->ij", A[l - 1], dZ)
        grads[f"b{l}"] = dZ.sum(axis=0)
        if l > 1:
            a = A[l - 1]
            slope = a * (1 - a) if cache.activation == "sigmoid" else (a > 0)  # relu: A > 0 iff Z > 0
            dZ = (dZ @ params[f"W{l}"].T) * slope
    return grads

# %% solution_train_mlp
def train_mlp(X_train, y_train, X_val, y_val, sizes, activation, lr, batch_size, epochs, rng):
    '''Minibatch SGD on the mean cross-entropy; returns (params, history) with per-batch
    batch_loss and per-epoch train_loss, train_acc, val_loss, val_acc.'''
    params = init_mlp(sizes, rng, scheme="he" if activation == "relu" else "xavier")
    history = dict(train_loss=[], train_acc=[], val_loss=[], val_acc=[], batch_loss=[])
    for epoch in range(epochs):
        losses, correct = [], 0
        batches = minibatch_indices(X_train.shape[0], batch_size, rng)
        for idx in batches:
            probs, cache = mlp_forward(X_train[idx], params, activation)
            losses.append(cross_entropy(probs, y_train[idx]))
            correct += np.sum(probs.argmax(axis=1) == y_train[idx])
            sgd_step(params, mlp_backward(cache, y_train[idx]), lr)
        # training figures: running averages over the epoch (cheaper than a second pass)
        history["batch_loss"].extend(losses)
        history["train_loss"].append(np.mean(losses))
        history["train_acc"].append(correct / batches.size)
        probs, _ = mlp_forward(X_val, params, activation)
        history["val_loss"].append(cross_entropy(probs, y_val))
        history["val_acc"].append(accuracy(probs, y_val))
    return params, {k: np.array(v) for k, v in history.items()}
