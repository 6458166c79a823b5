"""Another student (id jdoe) with their own numbers, worked out step by step from the given cell."""
KIND = "alternative"
FAILS = {}
STUDENT = "jdoe"

# %% solution_student_id
STUDENT_ID = "jdoe"

# %% solution_forward_221
s = lambda v: 1 / (1 + math.exp(-v))
z1 = [W1[i, 0] * x0[0] + W1[i, 1] * x0[1] + b1[i] for i in range(2)]
x1 = [s(v) for v in z1]
z2 = W2[0, 0] * x1[0] + W2[0, 1] * x1[1] + b2[0]
x2 = s(z2)
loss = 0.5 * (x2 - y) ** 2

# %% solution_backward_221
d2 = (x2 - y) * x2 * (1 - x2)
d1 = [W2[0, i] * d2 * x1[i] * (1 - x1[i]) for i in range(2)]
dW2 = [[d2 * x1[0], d2 * x1[1]]]
db2 = d2
dW1 = [[d1[i] * x0[j] for j in range(2)] for i in range(2)]
db1 = d1
