"""δ2 = x2 − y: the output sigmoid's derivative left out."""
KIND = "mistake"
FAILS = {"test_backward_221": 'output sigmoid'}

# %% solution_backward_221
dW2 = np.array([[0.43982965, 0.44250923]])
db2 = np.array([0.74136507])
dW1 = np.array([[0.00357784, 0.00715568], [0.0040136, 0.00802721]])
db1 = np.array([0.07155677, 0.08027207])
