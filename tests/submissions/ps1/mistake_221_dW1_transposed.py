"""dW1 written as x0 δ1ᵀ, i.e. transposed."""
KIND = "mistake"
FAILS = {"test_backward_221": 'transposed'}
E2E = True
STUDENT = "mistake_221_dW1_transposed"  # the id it is submitted under
SHARED = "_own_numbers.py"  # section 1 from its own numbers
EDITS = {"solution_backward_221": [("dW1 = np.outer(d1, x0)", "dW1 = np.outer(x0, d1)")]}

# %% solution_student_id
STUDENT_ID = "mistake_221_dW1_transposed"
