"""A student who ran out of time: sections 1-3 done, sections 4-5 and their derivations left blank."""

KIND = "partial"
UNANSWERED = ["solution_grad_13", "solution_backprop_deltas",
              "answer_grad_13_derivation", "answer_delta_recursion"]
FAILS = {"test_grad_13": "grad_13", "test_backprop_deltas": "backprop_deltas"}
STUDENT = "partial"  # the id it is submitted under
SHARED = "_own_numbers.py"  # section 1 from its own numbers

# %% solution_student_id
STUDENT_ID = "partial"
