"""Forward pass by hand without the biases b1, b2."""
KIND = "mistake"
FAILS = {"test_forward_221": 'bias'}

# %% solution_forward_221
z1 = np.array([0.0275, 0.0425])
x1 = np.array([0.50687457, 0.5106234])
z2 = np.array([0.43253036])
x2 = np.array([0.60647773])
loss = 0.17789284
