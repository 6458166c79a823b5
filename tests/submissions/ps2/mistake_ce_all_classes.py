"""cross_entropy averages -log over every entry of probs."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'correct class', 'test_train_mlp': 'fix cross_entropy first'}

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    return float(-np.mean(np.log(probs)))
