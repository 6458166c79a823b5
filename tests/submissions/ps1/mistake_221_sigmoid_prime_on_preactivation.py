"""σ′ computed as z(1 − z) on the pre-activation in both layers."""
KIND = "mistake"
FAILS = {"test_backward_221": 'pre-activation'}

# %% solution_backward_221
dW2 = np.array([[-0.05151375, -0.05182758]])
db2 = np.array([-0.08683019])
dW1 = np.array([[-0.000408091, -0.000816182], [-0.000465843, -0.000931685]])
db1 = np.array([-0.00816182, -0.00931685])
