"""predict returns the labels as floats."""
KIND = "mistake"
FAILS = {
    "test_predict": "integer",
}
EDITS = {
    "solution_two_layer_net": [
        ("return np.argmax(self.loss(X), axis=1)", "return np.argmax(self.loss(X), axis=1).astype(float)"),
    ],
}
