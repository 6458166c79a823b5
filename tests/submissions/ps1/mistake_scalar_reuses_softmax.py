"""forward_scalar calls section 2's NumPy softmax and converts back to floats."""
KIND = "mistake"
FAILS = {"test_forward_scalar": 'NumPy'}
EDITS = {
    "solution_forward_scalar": [
        ("m = max(o)\n"
         "    e = [math.exp(v - m) for v in o]\n"
         "    s = sum(e)\n"
         "    y = [v / s for v in e]",
         "y = [float(v) for v in softmax(o)]"),
    ],
}
