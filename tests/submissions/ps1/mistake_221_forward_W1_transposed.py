"""z1 computed as W1ᵀ x0 + b1 (rows and columns of W1 swapped)."""
KIND = "mistake"
FAILS = {"test_forward_221": 'transposed'}

# %% solution_forward_221
z1 = np.array([0.3825, 0.39])
x1 = np.array([0.59447593, 0.5962827])
z2 = np.array([1.10611759])
x2 = np.array([0.7514046])
loss = 0.27484039
