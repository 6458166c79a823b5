"""sgd_step returns a new dict and leaves params unchanged."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'in place', 'test_train_mlp': 'fix sgd_step first', 'test_mnist_targets': 'fix sgd_step first'}

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    '''One step of gradient descent, in place: params[k] -= lr * grads[k] for every k; returns params.'''
    return {k: params[k] - lr * grads[k] for k in params}
