"""backprop forgets the ReLU derivative (Z > 0)."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'ReLU derivative'}

# %% solution_backprop
def backprop(X, T, W, B, V):
    '''Gradients (DW, DB, DV) of E = mean(max(0, -y * T)) for X (N, 2), T (N,) in {-1, +1},
    W (2, H), B (H,), V (H,); DW, DB, DV have the shapes of W, B, V.'''
    N = X.shape[0]
    Z = X @ W + B                                  # (N, H)
    A = np.maximum(0.0, Z)                         # (N, H)
    y = A @ V                                      # (N,)
    dy = np.where(-y * T > 0, -T, 0.0) / N         # dE/dy, (N,)
    DV = A.T @ dy                                  # (H,)
    dZ = np.outer(dy, V)                 # dE/dZ, (N, H)
    DW = X.T @ dZ                                  # (2, H)
    DB = dZ.sum(axis=0)                            # (H,)
    return DW, DB, DV
