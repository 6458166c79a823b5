"""cross_entropy uses log10."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'log10', 'test_train_mlp': 'fix cross_entropy first'}

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    N = probs.shape[0]
    picked = np.maximum(probs[np.arange(N), y], 1e-300)
    return float(-np.mean(np.log10(picked)))
