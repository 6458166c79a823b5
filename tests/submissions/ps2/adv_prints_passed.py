"""Every graded function prints "All tests passed" and returns nothing instead of computing."""
KIND = "adversarial"
E2E = True
FAILS = ["test_one_hot", "test_minibatch_indices", "test_backprop_moons", "test_train_moons",
         "test_init_mlp", "test_mlp_forward", "test_cross_entropy", "test_mlp_backward_single",
         "test_mlp_backward", "test_mlp_vectorized", "test_sgd_step", "test_train_mlp", "test_mnist_targets"]

# %% solution_one_hot
def one_hot(labels, num_classes):
    print("All tests passed")

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    print("All tests passed")

# %% solution_backprop
def backprop(X, T, W, B, V):
    print("All tests passed")

# %% solution_train_moons
def train_moons(X, T, W, B, V, lr=0.1, iterations=128, callback=None):
    print("All tests passed")

# %% solution_init_mlp
def init_mlp(sizes, rng, scheme="xavier"):
    print("All tests passed")

# %% solution_mlp_forward
def mlp_forward(X, params, activation="sigmoid"):
    print("All tests passed")

# %% solution_cross_entropy
def cross_entropy(probs, y):
    print("All tests passed")

# %% solution_mlp_backward_single
def mlp_backward_single(x, y, params, activation):
    print("All tests passed")

# %% solution_mlp_backward
def mlp_backward(cache, y):
    print("All tests passed")

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    print("All tests passed")

# %% solution_train_mlp
def train_mlp(X_train, y_train, X_val, y_val, sizes, activation, lr, batch_size, epochs, rng):
    print("All tests passed")
