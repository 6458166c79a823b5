"""Section 1 answered with nested lists and plain floats, rounded to 6 significant digits."""
KIND = "alternative"
FAILS = {}

# %% solution_forward_221
z1 = [-0.0612, -0.5636]
x1 = [0.484705, 0.362715]
z2 = 0.451949
x2 = 0.611103
loss = 0.0477088

# %% solution_backward_221
dW2 = [[-0.0355829, -0.0266274]]
db2 = -0.0734114
dW1 = [[-0.00264767, -0.00125416],
       [0.00341761, 0.00161887]]
db1 = [-0.00696756, 0.0089937]
