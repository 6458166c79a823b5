"""cross_entropy indexes probs with the (float) one-hot labels."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'one-hot values used as indices', 'test_train_mlp': 'fix cross_entropy first', 'test_mnist_targets': 'fix cross_entropy first'}

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    N, K = probs.shape
    return float(-np.mean(np.log(probs[np.arange(N), one_hot(y, K)])))
