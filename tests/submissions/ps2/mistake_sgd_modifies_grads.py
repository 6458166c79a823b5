"""sgd_step scales grads in place before subtracting them."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'grads'}

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    '''One step of gradient descent, in place: params[k] -= lr * grads[k] for every k; returns params.'''
    for k in params:
        grads[k] *= lr
        params[k] -= grads[k]
    return params
