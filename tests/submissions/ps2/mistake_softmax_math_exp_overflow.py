"""mlp_forward's softmax uses math.exp on the raw logits (OverflowError for large logits)."""
KIND = "mistake"
FAILS = {'test_mlp_forward': 'overflowed', 'test_mlp_backward': 'fix mlp_forward first', 'test_mlp_vectorized': 'per example'}
EDITS = {
    "solution_mlp_forward": [
        ('def mlp_forward(X, params, activation="sigmoid"):',
         "import math\n"
         'def mlp_forward(X, params, activation="sigmoid"):'),
        ("Z = Z - Z.max(axis=1, keepdims=True)\n"
         "    E = np.exp(Z)\n"
         "    probs = E / E.sum(axis=1, keepdims=True)",
         "probs = np.zeros_like(Z)\n"
         "    for n in range(Z.shape[0]):\n"
         "        e = [math.exp(v) for v in Z[n]]\n"
         "        total = sum(e)\n"
         "        probs[n] = [v / total for v in e]"),
    ],
}
