"""Section 1 worked out from the student's own numbers (the given cell), for variants under their own id.

Not a variant (its name starts with `_`): a variant that sets `SHARED = "_own_numbers.py"` takes
these sections for the cells it does not give itself, and its EDITS of these cells apply to them
(see autograder/corpus.py). Worked out from the given cell, they hold for any STUDENT.
"""

# %% solution_forward_221
# worked out from this student's own numbers (the given cell), as a calculator would
_s = lambda v: 1 / (1 + np.exp(-v))
z1 = W1 @ x0 + b1
x1 = _s(z1)
z2 = W2 @ x1 + b2
x2 = _s(z2)
loss = 0.5 * float((x2[0] - y) ** 2)

# %% solution_backward_221
d2 = (x2 - y) * x2 * (1 - x2)
d1 = (W2.T @ d2) * x1 * (1 - x1)
dW2 = np.outer(d2, x1)
db2 = d2
dW1 = np.outer(d1, x0)
db1 = d1
