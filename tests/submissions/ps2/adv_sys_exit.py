"""backprop and mlp_backward call sys.exit() instead of returning; the other functions are correct."""
KIND = "adversarial"
E2E = True
# Only the cells that need the two functions lose points: exiting disturbs nothing else.
FAILS = {'test_backprop_moons': 'exit', 'test_mlp_backward': 'exit', 'test_mlp_vectorized': 'exit', 'test_train_mlp': 'fix mlp_backward first', 'test_mnist_targets': 'fix mlp_backward first'}

# %% solution_backprop
import sys


def backprop(X, T, W, B, V):
    '''Gradients (DW, DB, DV) of E = mean(max(0, -y * T)).'''
    sys.exit(0)

# %% solution_mlp_backward
def mlp_backward(cache, y):
    '''Gradients of the mean cross-entropy.'''
    import sys
    sys.exit()
