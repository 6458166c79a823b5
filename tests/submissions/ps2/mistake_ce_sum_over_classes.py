"""cross_entropy sums -log over every class of each example, then averages."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'every class', 'test_train_mlp': 'fix cross_entropy first'}

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    return float(-np.sum(np.log(probs)) / probs.shape[0])
