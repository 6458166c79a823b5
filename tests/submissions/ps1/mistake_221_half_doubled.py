"""The 2 of the square kept next to the ½: every gradient doubled."""
KIND = "mistake"
FAILS = {"test_backward_221": 'factor'}

# %% solution_backward_221
dW2 = np.array([[0.16433408, 0.16533526]])
db2 = np.array([0.27699712])
dW1 = np.array([[0.00133679, 0.00267358], [0.00149961, 0.00299922]])
db1 = np.array([0.0267358, 0.0299922])
