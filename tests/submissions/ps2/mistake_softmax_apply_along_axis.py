"""mlp_forward applies a Python softmax row by row with np.apply_along_axis."""
KIND = "mistake"
FAILS = {'test_mlp_vectorized': 'per example'}
EDITS = {
    "solution_mlp_forward": [
        ("Z = Z - Z.max(axis=1, keepdims=True)\n"
         "    E = np.exp(Z)\n"
         "    probs = E / E.sum(axis=1, keepdims=True)",
         "def softmax_row(z):\n"
         "        e = np.exp(z - z.max())\n"
         "        return e / e.sum()\n"
         "\n"
         "    probs = np.apply_along_axis(softmax_row, 1, Z)"),
    ],
}
