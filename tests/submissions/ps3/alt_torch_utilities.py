"""Other valid PyTorch idioms: vector_to_parameters, .data updates, zero_grad after the step, set_grad_enabled."""
KIND = "alternative"

# %% solution_forward_pass
def forward_pass(x, w):
    w = np.array(w, dtype=float)
    pre_h = w[np.newaxis, 0:3] + np.outer(x[:, 0], w[3:6]) + np.outer(x[:, 1], w[6:9])
    h = sigmoid(pre_h)
    y_pred = sigmoid(np.sum(h * w[10:13], axis=1, keepdims=True) + w[9])
    return h, y_pred

# %% solution_backprop_13
def backprop_13(x, y, w):
    # the chain rule written with one row of "inputs" per weight: [1, x1, x2] for the hidden layer
    w = np.array(w, dtype=float)
    h, y_pred = forward_pass(x, w)
    ones = np.ones((len(x), 1))
    inputs_hidden = np.hstack([ones, x])                  # (N, 3): bias input, x1, x2
    inputs_out = np.hstack([ones, h])                     # (N, 4): bias input, h1, h2, h3
    d_out = (y_pred - y) * y_pred * (1 - y_pred)          # (N, 1)
    d_hid = d_out * w[10:13] * h * (1 - h)                # (N, 3)
    g_hidden = inputs_hidden.T @ d_hid                    # (3 inputs, 3 units): rows bias, x1, x2
    g_out = inputs_out.T @ d_out                          # (4, 1)
    return np.concatenate([g_hidden.ravel(), g_out.ravel()])

# %% solution_check_grad
def E_train(w, x=x_train, y=y_train):
    return 0.5 * np.sum(np.square(forward_pass(x, w)[1] - y))


check_grad_error = check_grad(E_train, lambda w, x=x_train, y=y_train: backprop_13(x, y, w), np.copy(w0))

# %% solution_train_numpy
def train_numpy(x_train, y_train, x_test, y_test, w, lr, epochs):
    def E(x, y, w):
        return 0.5 * np.square(y - forward_pass(x, w)[1]).sum()

    history = [(E(x_train, y_train, w), E(x_test, y_test, w))]
    for epoch in range(epochs):
        w = w - lr * backprop_13(x_train, y_train, w)
        if epoch < epochs - 1:
            history.append((E(x_train, y_train, w), E(x_test, y_test, w)))
    if epochs == 0:
        history = []
    return w, [a for a, _ in history], [b for _, b in history]

# %% solution_build_model
def build_model(d_in, hidden, d_out, dtype=torch.float64):
    return nn.Sequential(
        nn.Linear(d_in, hidden),
        nn.Sigmoid(),
        nn.Linear(hidden, d_out),
        nn.Sigmoid(),
    ).to(dtype=dtype)

# %% solution_weights_to_model
def weights_to_model(w, model):
    # model.parameters() order: 0.weight (3, 2) row by row, 0.bias, 2.weight (1, 3), 2.bias
    w = np.asarray(w, dtype=float)
    W1 = np.stack([w[3:6], w[6:9]], axis=1)
    flat = np.concatenate([W1.ravel(), w[0:3], w[10:13], w[9:10]])
    vec = torch.tensor(flat, dtype=next(model.parameters()).dtype)
    torch.nn.utils.vector_to_parameters(vec, model.parameters())
    return model

# %% solution_model_to_weights
def model_to_weights(model):
    vec = torch.nn.utils.parameters_to_vector(model.parameters()).detach().double().numpy()
    W1, b1, W2, b2 = vec[0:6].reshape(3, 2), vec[6:9], vec[9:12], vec[12:13]
    return np.concatenate([b1, W1[:, 0], W1[:, 1], b2, W2])

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    loss_fn = torch.nn.MSELoss(reduction="sum")
    train_losses, test_losses = [], []
    for epoch in range(epochs):
        loss = 0.5 * loss_fn(model(x), y)
        test_losses.append(0.5 * loss_fn(model(x_test), y_test).detach().item())
        train_losses.append(loss.detach().item())
        loss.backward()
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
        model.zero_grad()
    return train_losses, test_losses

# %% solution_tinynet
def _set_linear(layer, weight, bias):
    with torch.no_grad():
        layer.weight.copy_(torch.as_tensor(weight))
        layer.bias.copy_(torch.as_tensor(bias))


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(2, 2).to(torch.float64)
        self.l2 = nn.Linear(2, 1).to(torch.float64)
        _set_linear(self.l1, [[0.1, -0.2], [0.3, 0.4]], [0.1, -0.1])
        _set_linear(self.l2, [[0.5, -0.3]], [0.2])

    def forward(self, x):
        a1 = torch.sigmoid(self.l1(x))
        return torch.sigmoid(self.l2(a1))

# %% solution_mlp
class MLP(nn.Module):
    def __init__(self, in_features, hidden_sizes, out_features, activation="relu"):
        super().__init__()
        names = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh"}
        layers = [nn.Flatten()]
        previous = in_features
        for size in hidden_sizes:
            layers += [nn.Linear(previous, size), getattr(nn, names[activation])()]
            previous = size
        layers.append(nn.Linear(previous, out_features))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    weighted = []
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        weighted.append((loss.item(), len(yb)))
    return sum(l * n for l, n in weighted) / sum(n for _, n in weighted)

# %% solution_evaluate
def evaluate(model, loader, loss_fn):
    model.eval()
    loss_total, correct, seen = 0.0, 0, 0
    with torch.set_grad_enabled(False):
        for xb, yb in loader:
            scores = model(xb)
            loss_total += float(loss_fn(scores, yb)) * yb.shape[0]
            correct += int(torch.sum(torch.argmax(scores, dim=-1) == yb))
            seen += yb.shape[0]
    return loss_total / seen, correct / seen
