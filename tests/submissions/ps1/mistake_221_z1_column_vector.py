"""z1 and x1 entered as column vectors of shape (2, 1)."""
KIND = "mistake"
FAILS = {"test_forward_221": 'shape'}

# %% solution_forward_221
z1 = np.array([[0.3775], [0.3925]])
x1 = np.array([[0.59326999], [0.59688438]])
z2 = np.array([1.10590597])
x2 = np.array([0.75136507])
loss = 0.27481108
