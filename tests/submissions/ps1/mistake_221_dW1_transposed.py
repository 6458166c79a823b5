"""dW1 written as x0 δ1ᵀ, i.e. transposed."""
KIND = "mistake"
FAILS = {"test_backward_221": 'transposed'}
E2E = True

# %% solution_backward_221
dW2 = np.array([[0.08216704, 0.08266763]])
db2 = np.array([0.13849856])
dW1 = np.array([[0.000668396, 0.000749804], [0.00133679, 0.00149961]])
db1 = np.array([0.0133679, 0.0149961])
