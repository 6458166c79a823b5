"""cross_entropy takes -log probs[y] (whole rows picked by the labels)."""
KIND = "mistake"
FAILS = {'test_cross_entropy': 'whole rows', 'test_train_mlp': 'fix cross_entropy first'}

# %% solution_cross_entropy
def cross_entropy(probs, y):
    '''Mean cross-entropy -mean_n log probs[n, y[n]] for probs (N, K) and integer labels y (N,).'''
    return float(-np.mean(np.log(probs[y])))
