"""sgd_step rebinds params[k] = params[k] - lr * grads[k] (new arrays)."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'in place'}

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    '''One step of gradient descent, in place: params[k] -= lr * grads[k] for every k; returns params.'''
    for k in params:
        params[k] = params[k] - lr * grads[k]
    return params
