"""backprop_deltas returns a⁽ˡ⁻¹⁾ δ⁽ˡ⁾ᵀ, the transpose of each weight gradient."""
KIND = "mistake"
FAILS = {"test_backprop_deltas": 'transposed'}
EDITS = {
    "solution_backprop_deltas": [
        ("dWs[l] = np.outer(delta, activations[l])", "dWs[l] = np.outer(activations[l], delta)"),
    ],
}
