"""cross_entropy averages the one-hot products over all N*K entries."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'N·K', 'test_train_mlp': 'fix cross_entropy first'}

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    Y = np.eye(probs.shape[1])[y]
    return float(-np.mean(Y * np.log(probs)))
