"""sgd_step updates the weights but not the biases."""
KIND = "mistake"
FAILS = {'test_sgd_step': 'did not update'}

# %% solution_sgd_step
def sgd_step(params, grads, lr):
    '''One step of gradient descent, in place: params[k] -= lr * grads[k] for every k; returns params.'''
    for k in [k for k in params if k.startswith("W")]:
        params[k] -= lr * grads[k]
    return params
