"""Section 1 answered with nested lists and plain floats, rounded to 6 significant digits."""
KIND = "alternative"
FAILS = {}

# %% solution_forward_221
z1 = [0.3775, 0.3925]
x1 = [0.593270, 0.596884]
z2 = 1.105906
x2 = 0.751365
loss = 0.274811

# %% solution_backward_221
dW2 = [[0.0821670, 0.0826676]]
db2 = 0.138499
dW1 = [[0.000668396, 0.00133679],
       [0.000749804, 0.00149961]]
db1 = [0.0133679, 0.0149961]
