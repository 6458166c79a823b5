"""backprop returns DB = 0 (the bias gradient forgotten)."""
KIND = "mistake"
FAILS = {'test_backprop_moons': 'bias gradient is missing'}

# %% solution_backprop
def backprop(X, T, W, B, V):
    '''Gradients (DW, DB, DV) of E = mean(max(0, -y * T)) for X (N, 2), T (N,) in {-1, +1},
    W (2, H), B (H,), V (H,); DW, DB, DV have the shapes of W, B, V.'''
    N = X.shape[0]
    Z = X @ W + B
    A = np.maximum(0.0, Z)
    y = A @ V
    dy = np.where(-y * T > 0, -T, 0.0) / N
    DV = A.T @ dy
    dZ = np.outer(dy, V) * (Z > 0)
    DW = X.T @ dZ
    DB = np.zeros_like(B)
    return DW, DB, DV
