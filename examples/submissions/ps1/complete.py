"""A complete, correct submission (the reference solutions)."""
KIND = "reference"
FAILS = {}
STUDENT = "complete"  # the id it is submitted under
SHARED = "_own_numbers.py"  # section 1 from its own numbers

# %% solution_student_id
STUDENT_ID = "complete"
