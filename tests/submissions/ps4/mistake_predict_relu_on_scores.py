"""predict applies a ReLU to the scores before the argmax (rows of negative scores become class 0)."""
KIND = "mistake"
FAILS = {
    "test_predict": "highest score",
}
EDITS = {
    "solution_two_layer_net": [
        ("return np.argmax(self.loss(X), axis=1)", "return np.argmax(np.maximum(self.loss(X), 0), axis=1)"),
    ],
}
