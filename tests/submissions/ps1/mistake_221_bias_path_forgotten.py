"""The bias gradients left at zero (the bias path forgotten)."""
KIND = "mistake"
FAILS = {"test_backward_221": 'bias'}

# %% solution_backward_221
dW2 = np.array([[0.08216704, 0.08266763]])
db2 = np.array([0.0])
dW1 = np.array([[0.000668396, 0.00133679], [0.000749804, 0.00149961]])
db1 = np.array([0.0, 0.0])
