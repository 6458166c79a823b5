"""Every graded function returns objects whose __eq__ is always True (and whose shape equals anything)."""
KIND = "adversarial"
E2E = True
FAILS = ["test_one_hot", "test_minibatch_indices", "test_backprop_moons", "test_train_moons",
         "test_init_mlp", "test_mlp_forward", "test_cross_entropy", "test_mlp_backward_single",
         "test_mlp_backward", "test_mlp_vectorized", "test_sgd_step", "test_train_mlp", "test_mnist_targets"]

# %% solution_one_hot
class Anything:
    '''Equal to everything, of every shape and length: a visible assert cannot tell it apart.'''

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    @property
    def shape(self):
        return Anything()

    def __len__(self):
        return 3

    def __getitem__(self, key):
        return Anything()

    def __iter__(self):
        return iter([Anything(), Anything(), Anything()])

    def __float__(self):
        return 0.0

    def __bool__(self):
        return True


class AnyDict(dict):
    '''A dict whose keys and values compare equal to anything.'''

    def __missing__(self, key):
        return Anything()

    def __eq__(self, other):
        return True

    def __iter__(self):
        return iter(["W1", "W2", "b1", "b2"])

    def keys(self):
        return ["W1", "b1", "W2", "b2"]


def one_hot(labels, num_classes):
    return Anything()

# %% solution_minibatch_indices
def minibatch_indices(n, batch_size, rng):
    return Anything()

# %% solution_backprop
def backprop(X, T, W, B, V):
    return Anything(), Anything(), Anything()

# %% solution_train_moons
def train_moons(X, T, W, B, V, lr=0.1, iterations=128, callback=None):
    return Anything(), Anything(), Anything(), [Anything()] * iterations

# %% solution_init_mlp
def init_mlp(sizes, rng, scheme="xavier"):
    return AnyDict()

# %% solution_mlp_forward
def mlp_forward(X, params, activation="sigmoid"):
    return Anything(), Anything()

# %% solution_cross_entropy
def cross_entropy(probs, y):
    return Anything()

# %% solution_mlp_backward_single
def mlp_backward_single(x, y, params, activation):
    return AnyDict()

# %% solution_mlp_backward
def mlp_backward(cache, y):
    return AnyDict()

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    return AnyDict()

# %% solution_train_mlp
def train_mlp(X_train, y_train, X_val, y_val, sizes, activation, lr, batch_size, epochs, rng):
    return AnyDict(), AnyDict()
