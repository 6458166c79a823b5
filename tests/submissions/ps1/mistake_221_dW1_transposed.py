"""dW1 written as x0 δ1ᵀ, i.e. transposed."""
KIND = "mistake"
FAILS = {"test_backward_221": 'transposed'}
E2E = True
STUDENT = "mistake_221_dW1_transposed"  # the id it is submitted under
SHARED = "_own_numbers.py"  # section 1 from its own numbers

# %% solution_student_id
STUDENT_ID = "mistake_221_dW1_transposed"

# %% solution_backward_221
d2 = (x2 - y) * x2 * (1 - x2)
d1 = (W2.T @ d2) * x1 * (1 - x1)
dW2 = np.outer(d2, x1)
db2 = d2
dW1 = np.outer(x0, d1)
db1 = d1
