"""Every intermediate value rounded to 3 significant digits."""
KIND = "mistake"
FAILS = {"test_forward_221": 'significant'}

# %% solution_forward_221
z1 = np.array([0.378, 0.393])
x1 = np.array([0.593, 0.597])
z2 = np.array([1.11])
x2 = np.array([0.752])
loss = 0.275
