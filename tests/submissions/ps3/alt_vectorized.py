"""Matrix forms throughout: weight matrices by reshape, einsum, scipy's args, an optimizer, state dicts."""
KIND = "alternative"

# %% solution_forward_pass
def unpack(w):
    w = np.asarray(w, dtype=float)
    W1 = w[3:9].reshape(2, 3)     # rows: from x1, from x2
    b1 = w[:3]
    W2 = w[10:].reshape(3, 1)
    b2 = w[9]
    return W1, b1, W2, b2


def forward_pass(x, w):
    W1, b1, W2, b2 = unpack(w)
    h = 1.0 / (1.0 + np.exp(-(np.einsum("ni,ij->nj", x, W1) + b1)))
    y_pred = 1.0 / (1.0 + np.exp(-(h @ W2 + b2)))
    return h, y_pred

# %% solution_backprop_13
def backprop_13(x, y, w):
    W1, b1, W2, b2 = unpack(w)
    h, y_pred = forward_pass(x, w)
    delta2 = (y_pred - y) * y_pred * (1.0 - y_pred)      # (N, 1)
    delta1 = (delta2 @ W2.T) * h * (1.0 - h)             # (N, 3)
    dW1 = x.T @ delta1                                    # (2, 3)
    dW2 = h.T @ delta2                                    # (3, 1)
    return np.concatenate([delta1.sum(0), dW1.ravel(), [delta2.sum()], dW2.ravel()])

# %% solution_check_grad
def E_train(w):
    return 0.5 * np.sum((forward_pass(x_train, w)[1] - y_train) ** 2)


def dE(w, x, y):
    return backprop_13(x, y, w)


check_grad_error = check_grad(lambda w, x, y: E_train(w), dE, w0, x_train, y_train)

# %% solution_train_numpy
def train_numpy(x_train, y_train, x_test, y_test, w, lr, epochs):
    w_now = np.copy(w)
    losses = np.zeros((epochs, 2))
    for epoch in range(epochs):
        for k, (xs, ys) in enumerate([(x_train, y_train), (x_test, y_test)]):
            losses[epoch, k] = 0.5 * np.square(ys - forward_pass(xs, w_now)[1]).sum()
        w_now = w_now - lr * backprop_13(x_train, y_train, w_now)
    return w_now, list(losses[:, 0]), list(losses[:, 1])

# %% solution_build_model
def build_model(d_in, hidden, d_out, dtype=torch.float64):
    layers = [nn.Linear(d_in, hidden, dtype=dtype), nn.Sigmoid(),
              nn.Linear(hidden, d_out, dtype=dtype), nn.Sigmoid()]
    return nn.Sequential(*layers)

# %% solution_weights_to_model
def weights_to_model(w, model):
    dtype = model[0].weight.dtype
    state = {
        "0.weight": torch.tensor(w[3:9].reshape(2, 3).T, dtype=dtype),
        "0.bias": torch.tensor(w[:3], dtype=dtype),
        "2.weight": torch.tensor(w[10:13][None, :], dtype=dtype),
        "2.bias": torch.tensor(w[9:10], dtype=dtype),
    }
    model.load_state_dict(state)
    return model

# %% solution_model_to_weights
def model_to_weights(model):
    sd = {k: v.detach().cpu().numpy().astype(np.float64) for k, v in model.state_dict().items()}
    return np.concatenate([sd["0.bias"], sd["0.weight"].T.ravel(), sd["2.bias"], sd["2.weight"].ravel()])

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    mse = nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    history = ([], [])
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = mse(model(x), y) / 2
        with torch.no_grad():
            history[1].append(float(mse(model(x_test), y_test)) / 2)
        history[0].append(float(loss))
        loss.backward()
        optimizer.step()
    return history

# %% solution_tinynet
class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(2, 2)
        self.l2 = nn.Linear(2, 1)
        self.double()
        self.load_state_dict({
            "l1.weight": torch.tensor([[0.1, -0.2], [0.3, 0.4]], dtype=torch.float64),
            "l1.bias": torch.tensor([0.1, -0.1], dtype=torch.float64),
            "l2.weight": torch.tensor([[0.5, -0.3]], dtype=torch.float64),
            "l2.bias": torch.tensor([0.2], dtype=torch.float64),
        })

    def forward(self, x):
        return nn.functional.sigmoid(self.l2(nn.functional.sigmoid(self.l1(x))))

# %% solution_mlp
class MLP(nn.Module):
    def __init__(self, in_features, hidden_sizes, out_features, activation="relu"):
        super().__init__()
        act = {"relu": nn.ReLU(), "sigmoid": nn.Sigmoid(), "tanh": nn.Tanh()}[activation]
        dims = [in_features, *hidden_sizes]
        blocks = []
        for a, b in zip(dims[:-1], dims[1:]):
            blocks += [nn.Linear(a, b), act]
        self.features = nn.Sequential(*blocks)
        self.head = nn.Linear(dims[-1], out_features)

    def forward(self, x):
        return self.head(self.features(x))

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    model.train(True)
    total = torch.zeros(())
    n = 0
    for xb, yb in loader:
        logits = model(xb)
        loss = loss_fn(logits, yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        total = total + loss.detach() * xb.shape[0]
        n += xb.shape[0]
    return (total / n).item()

# %% solution_evaluate
@torch.no_grad()
def evaluate(model, loader, loss_fn):
    model.train(False)
    all_logits, all_targets = [], []
    for xb, yb in loader:
        all_logits.append(model(xb))
        all_targets.append(yb)
    logits, targets = torch.cat(all_logits), torch.cat(all_targets)
    sum_loss = nn.functional.cross_entropy(logits, targets, reduction="sum")
    accuracy = (logits.argmax(1) == targets).float().mean()
    return sum_loss.item() / len(targets), accuracy.item()

# %% solution_hand_values
hand = dict(
    z1=np.array([-0.2, 1.0]), x1=np.array([0.45017, 0.73106]), z2=0.20577, x2=0.55126, loss=0.10068,
)
hand["grad W2"] = np.array([[-0.04997, -0.08115]])
hand["grad b2"] = np.array([-0.11101])
hand["grad W1"] = np.outer([-0.013738, 0.006548], [1.0, 2.0])
hand["grad b1"] = np.array([-0.013738, 0.006548])

# %% solution_numpy_mlp
# A NumPy MLP for the timing comparison: complete loss_and_grads with your code of problem set 2, section 3.4.
class NumpyMLP:
    """A fully connected ReLU network with a softmax cross-entropy loss, trained with plain SGD.

    sizes: units per layer, e.g. [784, 256, 10]. Parameters W1 (784, 256), b1 (256,), W2 (256, 10),
    b2 (10,), in `dtype`, initialised like torch.nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    """

    def __init__(self, sizes, seed=0, dtype=np.float32):
        rng = np.random.default_rng(seed)
        self.n_layers = len(sizes) - 1
        self.params = {}
        for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            bound = 1.0 / np.sqrt(fan_in)
            self.params[f"W{l}"] = rng.uniform(-bound, bound, (fan_in, fan_out)).astype(dtype)
            self.params[f"b{l}"] = rng.uniform(-bound, bound, fan_out).astype(dtype)

    def scores(self, X):
        """Logits (N, C) for inputs X (N, D)."""
        a = X
        for l in range(1, self.n_layers + 1):
            a = a @ self.params[f"W{l}"] + self.params[f"b{l}"]
            if l < self.n_layers:
                a = np.maximum(a, 0)
        return a

    def loss_and_grads(self, X, y):
        """Mean cross-entropy over the batch X (N, 784), y (N,) and its gradients, keyed like self.params."""
        hidden = np.maximum(X @ self.params["W1"] + self.params["b1"], 0)
        logits = hidden @ self.params["W2"] + self.params["b2"]
        logz = np.logaddexp.reduce(logits, axis=1, keepdims=True)
        log_p = logits - logz
        loss = -np.take_along_axis(log_p, y[:, None], axis=1).mean()
        dlogits = np.exp(log_p)
        np.put_along_axis(dlogits, y[:, None], np.take_along_axis(dlogits, y[:, None], axis=1) - 1, axis=1)
        dlogits /= X.shape[0]
        dhidden = (dlogits @ self.params["W2"].T) * (hidden > 0)
        return float(loss), {"W1": X.T @ dhidden, "b1": dhidden.sum(0), "W2": hidden.T @ dlogits,
                             "b2": dlogits.sum(0)}

    def sgd_epoch(self, X, y, batch_size, lr, rng):
        """One epoch of minibatch SGD in a random order; returns the mean loss over the examples."""
        order = rng.permutation(len(X))
        total = 0.0
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, grads = self.loss_and_grads(X[idx], y[idx])
            for k, g in grads.items():
                self.params[k] -= lr * g
            total += loss * len(idx)
        return total / len(X)
