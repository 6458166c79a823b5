"""Section 1 copied from a classmate: the first cell holds the classmate's id, not the submitter's."""
KIND = "mistake"
STUDENT = "someone_else"
FAILS = {"test_forward_221": "not the id you submitted under", "test_backward_221": "not the id you submitted under"}
