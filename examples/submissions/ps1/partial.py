"""A student who ran out of time: sections 1-3 done, sections 4-5 and their derivations left blank."""

KIND = "partial"
UNANSWERED = ["solution_grad_13", "solution_backprop_deltas",
              "answer_grad_13_derivation", "answer_delta_recursion"]
FAILS = {"test_grad_13": "grad_13", "test_backprop_deltas": "backprop_deltas"}
STUDENT = "partial"  # the id it is submitted under; its section-1 numbers are its own

# %% solution_student_id
STUDENT_ID = "partial"

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
