"""softmax without subtracting the maximum: overflows for large logits."""
KIND = "mistake"
FAILS = {"test_softmax": 'large'}
E2E = True
STUDENT = "mistake_softmax_unstable"  # the id it is submitted under
SHARED = "_own_numbers.py"  # section 1 from its own numbers
EDITS = {"solution_softmax": [("e = np.exp(o - np.max(o))", "e = np.exp(o)")]}

# %% solution_student_id
STUDENT_ID = "mistake_softmax_unstable"
