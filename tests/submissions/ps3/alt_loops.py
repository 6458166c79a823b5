"""Explicit loops everywhere: per unit and per example in NumPy, per entry when copying weights."""
KIND = "alternative"

# %% solution_forward_pass
def forward_pass(x, w):
    """Forward pass of the 2-3-1 network for a batch."""
    n = x.shape[0]
    h = np.zeros((n, 3))
    y_pred = np.zeros((n, 1))
    for i in range(n):
        for j in range(3):
            h[i, j] = sigmoid(w[j] + x[i, 0] * w[3 + j] + x[i, 1] * w[6 + j])
        y_pred[i, 0] = sigmoid(w[9] + sum(h[i, j] * w[10 + j] for j in range(3)))
    return h, y_pred

# %% solution_backprop_13
def backprop_13(x, y, w):
    """Gradient of E summed over the examples, one example at a time."""
    grad = np.zeros(13)
    for i in range(len(x)):
        h, out = forward_pass(x[i:i + 1], w)
        h, out = h[0], out[0, 0]
        delta_out = (out - y[i, 0]) * out * (1 - out)
        grad[9] += delta_out
        for j in range(3):
            grad[10 + j] += delta_out * h[j]
            delta_h = delta_out * w[10 + j] * h[j] * (1 - h[j])
            grad[j] += delta_h
            grad[3 + j] += delta_h * x[i, 0]
            grad[6 + j] += delta_h * x[i, 1]
    return grad

# %% solution_check_grad
from functools import partial


def E_train(w):
    _, y_pred = forward_pass(x_train, w)
    return 0.5 * float(((y_train - y_pred) ** 2).sum())


def gradient(w, x, y):
    return backprop_13(x, y, w)


check_grad_error = check_grad(E_train, partial(gradient, x=x_train, y=y_train), w0)
print(check_grad_error)

# %% solution_train_numpy
def train_numpy(x_train, y_train, x_test, y_test, w, lr, epochs):
    w = w.copy()
    train_losses = []
    test_losses = []
    epoch = 0
    while epoch < epochs:
        _, p_train = forward_pass(x_train, w)
        _, p_test = forward_pass(x_test, w)
        train_losses.append(float(0.5 * ((y_train - p_train) ** 2).sum()))
        test_losses.append(float(0.5 * ((y_test - p_test) ** 2).sum()))
        w = w - lr * backprop_13(x_train, y_train, w)
        epoch += 1
    return w, train_losses, test_losses

# %% solution_build_model
from collections import OrderedDict


def build_model(d_in, hidden, d_out, dtype=torch.float64):
    model = nn.Sequential(OrderedDict([
        ("hidden", nn.Linear(d_in, hidden)),
        ("act1", nn.Sigmoid()),
        ("out", nn.Linear(hidden, d_out)),
        ("act2", nn.Sigmoid()),
    ]))
    return model.double() if dtype == torch.float64 else model.to(dtype)

# %% solution_weights_to_model
def weights_to_model(w, model):
    lin1, lin2 = model[0], model[2]
    with torch.no_grad():
        for j in range(3):
            lin1.bias[j] = float(w[j])
            lin1.weight[j, 0] = float(w[3 + j])
            lin1.weight[j, 1] = float(w[6 + j])
            lin2.weight[0, j] = float(w[10 + j])
        lin2.bias[0] = float(w[9])
    return model

# %% solution_model_to_weights
def model_to_weights(model):
    lin1, lin2 = model[0], model[2]
    w = []
    for j in range(3):
        w.append(lin1.bias[j].item())
    for i in range(2):
        for j in range(3):
            w.append(lin1.weight[j, i].item())
    w.append(lin2.bias[0].item())
    for j in range(3):
        w.append(lin2.weight[0, j].item())
    return np.array(w, dtype=np.float64)

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    train_losses, test_losses = [], []
    for epoch in range(epochs):
        for p in model.parameters():
            p.grad = None
        loss = ((model(x) - y) ** 2).sum() / 2
        with torch.no_grad():
            test_loss = ((model(x_test) - y_test) ** 2).sum() / 2
        train_losses.append(loss.item())
        test_losses.append(test_loss.item())
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p.sub_(lr * p.grad)
    return train_losses, test_losses

# %% solution_tinynet
class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(2, 2).double()
        self.l2 = nn.Linear(2, 1).double()
        self.l1.weight = nn.Parameter(torch.tensor([[0.1, -0.2], [0.3, 0.4]], dtype=torch.float64))
        self.l1.bias = nn.Parameter(torch.tensor([0.1, -0.1], dtype=torch.float64))
        self.l2.weight = nn.Parameter(torch.tensor([[0.5, -0.3]], dtype=torch.float64))
        self.l2.bias = nn.Parameter(torch.tensor([0.2], dtype=torch.float64))

    def forward(self, x):
        hidden = torch.sigmoid(self.l1(x))
        return torch.sigmoid(self.l2(hidden))

# %% solution_mlp
class MLP(nn.Module):
    def __init__(self, in_features, hidden_sizes, out_features, activation="relu"):
        super().__init__()
        sizes = [in_features] + list(hidden_sizes) + [out_features]
        self.layers = nn.ModuleList()
        for i in range(len(sizes) - 1):
            self.layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        self.activation = activation

    def forward(self, x):
        fn = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}[self.activation]
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i != len(self.layers) - 1:
                x = fn(x)
        return x

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    running = 0.0
    for i, (inputs, targets) in enumerate(loader):
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = loss_fn(outputs, targets)
        loss.backward()
        optimizer.step()
        running += loss.item() * inputs.size(0)
    return running / len(loader.dataset)

# %% solution_evaluate
def evaluate(model, loader, loss_fn):
    model.eval()
    losses, hits, n = [], 0, 0
    with torch.inference_mode():
        for inputs, targets in loader:
            outputs = model(inputs)
            losses.append(loss_fn(outputs, targets).item() * len(targets))
            for pred, t in zip(outputs.argmax(1).tolist(), targets.tolist()):
                hits += int(pred == t)
            n += len(targets)
    return sum(losses) / n, hits / n

# %% solution_hand_values
hand = {
    "z1": [-0.2, 1.0], "x1": [0.4502, 0.7311], "z2": 0.2058, "x2": 0.5513, "loss": 0.1007,
    "grad W2": [[-0.0500, -0.0812]], "grad b2": [-0.1110],
    "grad W1": [[-0.0137, -0.0275], [0.0065, 0.0131]], "grad b1": [-0.0137, 0.0065],
}

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
        # one-hot targets, probabilities, and the layers walked back one by one
        Z, A = [], [X]
        for l in range(1, self.n_layers + 1):
            Z.append(A[-1] @ self.params[f"W{l}"] + self.params[f"b{l}"])
            A.append(np.maximum(Z[-1], 0) if l < self.n_layers else Z[-1])
        scores = A[-1] - np.max(A[-1], axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        n, k = probs.shape
        Y = np.zeros((n, k), dtype=probs.dtype)
        Y[np.arange(n), y] = 1
        loss = float(-np.sum(Y * np.log(np.maximum(probs, 1e-300))) / n)
        grads = {}
        delta = (probs - Y) / n
        for l in reversed(range(1, self.n_layers + 1)):
            grads[f"b{l}"] = np.sum(delta, axis=0)
            grads[f"W{l}"] = A[l - 1].T @ delta
            if l > 1:
                delta = delta @ self.params[f"W{l}"].T
                delta[Z[l - 2] <= 0] = 0
        return loss, grads

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
