"""mlp_backward_single starts from e_y - p (the sign flipped)."""
KIND = "mistake"
FAILS = {'test_mlp_backward_single': 'sign'}
EDITS = {
    "solution_mlp_backward_single": [
        ("delta = p.copy()\n"
         "    delta[y] -= 1.0",
         "delta = -p\n"
         "    delta[y] += 1.0"),
    ],
}
