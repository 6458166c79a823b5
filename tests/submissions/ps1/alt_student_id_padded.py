"""The id typed with spaces around it (ignored) and section 1 computed in float32 NumPy."""
KIND = "alternative"
FAILS = {}
STUDENT = "s1234567"

# %% solution_student_id
STUDENT_ID = "  s1234567 "

# %% solution_forward_221
f32 = np.float32
z1 = W1.astype(f32) @ x0.astype(f32) + b1.astype(f32)
x1 = 1 / (1 + np.exp(-z1))
z2 = W2.astype(f32) @ x1 + b2.astype(f32)
x2 = 1 / (1 + np.exp(-z2))
loss = f32(0.5) * (x2[0] - f32(y)) ** 2

# %% solution_backward_221
d2 = (x2 - f32(y)) * x2 * (1 - x2)
dW2 = np.outer(d2, x1)
db2 = d2
d1 = (W2.astype(f32).T @ d2) * x1 * (1 - x1)
dW1 = np.outer(d1, x0.astype(f32))
db1 = d1
