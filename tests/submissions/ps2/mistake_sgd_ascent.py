"""sgd_step adds the gradient."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'ascent', 'test_train_mlp': 'fix sgd_step first', 'test_mnist_targets': 'fix sgd_step first'}

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    '''One step of gradient descent, in place: params[k] -= lr * grads[k] for every k; returns params.'''
    for k in params:
        params[k] += lr * grads[k]
    return params
