"""dW1 written as x0 δ1ᵀ, i.e. transposed."""
KIND = "mistake"
FAILS = {"test_backward_221": 'transposed'}
E2E = True
STUDENT = "mistake_221_dW1_transposed"  # the id it is submitted under; its section-1 numbers are its own

# %% solution_student_id
STUDENT_ID = "mistake_221_dW1_transposed"

# %% solution_forward_221
# worked out from this student's own numbers (the given cell), as a calculator would
_s = lambda v: 1 / (1 + np.exp(-v))
z1 = W1 @ x0 + b1
x1 = _s(z1)
z2 = W2 @ x1 + b2
x2 = _s(z2)
loss = 0.5 * float((x2[0] - y) ** 2)

# %% solution_backward_221
# computed from the notebook's numbers (section 1's given cell), as a student's calculator would
s = lambda v: 1 / (1 + np.exp(-v))
a1 = s(W1 @ x0 + b1)
a2 = s(W2 @ a1 + b2)
d2 = (a2 - y) * a2 * (1 - a2)
d1 = (W2.T @ d2) * a1 * (1 - a1)
dW2 = np.outer(d2, a1)
db2 = d2
dW1 = np.outer(x0, d1)
db1 = d1
