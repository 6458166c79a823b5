"""predict returns the class with the lowest score."""
KIND = "mistake"
FAILS = {
    'test_predict': 'lowest',
}
EDITS = {
    "solution_two_layer_net": [
        ("return np.argmax(self.loss(X), axis=1)", "return np.argmin(self.loss(X), axis=1)"),
    ],
}
