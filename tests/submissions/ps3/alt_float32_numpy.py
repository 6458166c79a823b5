"""NumPy parts in float32 where the answer allows it, in-place updates on copies, per-batch helpers."""
KIND = "alternative"

# %% solution_forward_pass
def forward_pass(x, w):
    x32 = np.asarray(x, dtype=np.float32)
    w32 = np.asarray(w, dtype=np.float32)
    W = np.empty((2, 3), dtype=np.float32)
    W[0], W[1] = w32[3:6], w32[6:9]
    h = (1 / (1 + np.exp(-(x32 @ W + w32[:3])))).astype(np.float32)
    y_pred = 1 / (1 + np.exp(-(h @ w32[10:13] + w32[9])))
    return h, y_pred.reshape(-1, 1)

# %% solution_backprop_13
def backprop_13(x, y, w):
    # float64 here: check_grad needs an accurate gradient
    w = np.array(w, dtype=np.float64)
    z1 = x @ np.vstack([w[3:6], w[6:9]]) + w[:3]
    h = 1 / (1 + np.exp(-z1))
    out = 1 / (1 + np.exp(-(h @ w[10:13] + w[9])))[:, None]
    d_out = (out - y) * out * (1 - out)
    d_h = d_out * w[10:13][None, :] * h * (1 - h)
    g = np.zeros_like(w)
    g[:3] = np.sum(d_h, axis=0)
    g[3:6] = np.sum(d_h * x[:, [0]], axis=0)
    g[6:9] = np.sum(d_h * x[:, [1]], axis=0)
    g[9] = np.sum(d_out)
    g[10:] = np.sum(d_out * h, axis=0)
    return g

# %% solution_check_grad
def E_train(w):
    w = np.asarray(w, dtype=np.float64)
    z1 = x_train @ np.vstack([w[3:6], w[6:9]]) + w[:3]
    out = expit(expit(z1) @ w[10:13] + w[9])[:, None]
    return 0.5 * np.sum((out - y_train) ** 2)


check_grad_error = float(check_grad(E_train, lambda w: backprop_13(x_train, y_train, w), w0))

# %% solution_train_numpy
def train_numpy(x_train, y_train, x_test, y_test, w, lr, epochs):
    w = w.astype(np.float64, copy=True)

    def E(x, y, w):
        z1 = x @ np.vstack([w[3:6], w[6:9]]) + w[:3]
        out = expit(expit(z1) @ w[10:13] + w[9])[:, None]
        return 0.5 * np.sum((out - y) ** 2)

    train_losses = [0.0] * epochs
    test_losses = [0.0] * epochs
    for t in range(epochs):
        train_losses[t] = E(x_train, y_train, w)
        test_losses[t] = E(x_test, y_test, w)
        w -= lr * backprop_13(x_train, y_train, w)
    return w, train_losses, test_losses

# %% solution_build_model
def build_model(d_in, hidden, d_out, dtype=torch.float64):
    model = nn.Sequential()
    model.append(nn.Linear(d_in, hidden))
    model.append(nn.Sigmoid())
    model.append(nn.Linear(hidden, d_out))
    model.append(nn.Sigmoid())
    for p in model.parameters():
        p.data = p.data.to(dtype)
    return model

# %% solution_weights_to_model
def weights_to_model(w, model):
    w = np.asarray(w)
    params = dict(model.named_parameters())
    values = {"0.bias": w[0:3], "0.weight": np.column_stack([w[3:6], w[6:9]]),
              "2.bias": w[9:10], "2.weight": w[10:13].reshape(1, 3)}
    for name, value in values.items():
        params[name].data.copy_(torch.from_numpy(np.ascontiguousarray(value)))
    return model

# %% solution_model_to_weights
def model_to_weights(model):
    W1 = model[0].weight.detach().double().numpy()
    b1 = model[0].bias.detach().double().numpy()
    W2 = model[2].weight.detach().double().numpy()
    b2 = model[2].bias.detach().double().numpy()
    out = np.zeros(13)
    out[0:3], out[3:6], out[6:9] = b1, W1[:, 0], W1[:, 1]
    out[9], out[10:13] = b2[0], W2[0]
    return out

# %% solution_train_torch
def train_torch(model, x, y, x_test, y_test, lr, epochs):
    def E(inputs, targets):
        return 0.5 * nn.functional.mse_loss(model(inputs), targets, reduction="sum")

    train_losses, test_losses = [], []
    for _ in range(epochs):
        model.zero_grad(set_to_none=False)
        loss = E(x, y)
        loss.backward()
        train_losses.append(loss.item())
        with torch.no_grad():
            test_losses.append(E(x_test, y_test).item())
            for layer in (model[0], model[2]):
                layer.weight -= lr * layer.weight.grad
                layer.bias -= lr * layer.bias.grad
    return train_losses, test_losses

# %% solution_tinynet
class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(2, 2, dtype=torch.float64)
        self.l2 = nn.Linear(2, 1, dtype=torch.float64)
        with torch.no_grad():
            self.l1.weight[:] = torch.tensor([[0.1, -0.2], [0.3, 0.4]])
            self.l1.bias.copy_(torch.tensor([0.1, -0.1]))
            self.l2.weight[0, 0], self.l2.weight[0, 1] = 0.5, -0.3
            self.l2.bias.fill_(0.2)

    def forward(self, x):
        return self.l2(self.l1(x).sigmoid()).sigmoid()

# %% solution_mlp
class MLP(nn.Module):
    def __init__(self, in_features, hidden_sizes, out_features, activation="relu"):
        super().__init__()
        activation_class = dict(relu=nn.ReLU, sigmoid=nn.Sigmoid, tanh=nn.Tanh)[activation]
        n_in = in_features
        for k, n_out in enumerate(hidden_sizes):
            self.add_module(f"fc{k}", nn.Linear(n_in, n_out))
            self.add_module(f"act{k}", activation_class())
            n_in = n_out
        self.add_module("out", nn.Linear(n_in, out_features))

    def forward(self, x):
        for module in self.children():
            x = module(x)
        return x

# %% solution_train_epoch
def train_epoch(model, loader, optimizer, loss_fn):
    model.train()
    sums = []
    sizes = []
    for batch in loader:
        inputs, labels = batch
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), labels)
        loss.backward()
        optimizer.step()
        sums.append(loss.item() * len(labels))
        sizes.append(len(labels))
    return float(np.sum(sums) / np.sum(sizes))

# %% solution_evaluate
def evaluate(model, loader, loss_fn):
    was_training = model.training
    model.eval()
    n = 0
    loss_sum = torch.tensor(0.0, dtype=torch.float64)
    right = torch.tensor(0)
    with torch.no_grad():
        for inputs, labels in loader:
            logits = model(inputs)
            loss_sum += loss_fn(logits, labels).double() * labels.numel()
            right += (torch.max(logits, 1).indices == labels).sum()
            n += labels.numel()
    if was_training:
        model.train()
    return loss_sum / n, right / n
