"""forward_scalar computes the sigmoid and softmax with np.exp."""
KIND = "mistake"
FAILS = {"test_forward_scalar": 'NumPy'}
EDITS = {
    "solution_forward_scalar": [
        ("h = [1.0 / (1.0 + math.exp(-v)) for v in z1]", "h = [float(1.0 / (1.0 + np.exp(-v))) for v in z1]"),
        ("e = [math.exp(v - m) for v in o]", "e = [float(np.exp(v - m)) for v in o]"),
    ],
}
