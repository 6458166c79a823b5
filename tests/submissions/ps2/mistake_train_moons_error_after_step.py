"""train_moons records E after the step instead of before."""
KIND = "mistake"
FAILS = {'test_train_moons': 'before step'}

# %% solution_train_moons
def train_moons(X, T, W, B, V, lr=0.1, iterations=128, callback=None):
    '''Gradient descent on E; returns (W, B, V, errors) with errors[i] = E before step i.
    callback(i, W, B, V), if given, is called before step i.'''
    W, B, V = W.copy(), B.copy(), V.copy()
    errors = []
    for i in range(iterations):
        if callback is not None:
            callback(i, W, B, V)
        DW, DB, DV = backprop(X, T, W, B, V)
        W = W - lr * DW
        B = B - lr * DB
        V = V - lr * DV
        errors.append(moons_error(forward(X, W, B, V), T))
    return W, B, V, errors
