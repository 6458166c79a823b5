"""predict recomputes the scores without the output bias b2."""
KIND = "mistake"
FAILS = {
    "test_predict": "highest score",
}
EDITS = {
    "solution_two_layer_net": [
        ("return np.argmax(self.loss(X), axis=1)",
         'hidden = np.maximum(X @ self.params["W1"] + self.params["b1"], 0)\n'
         '        return np.argmax(hidden @ self.params["W2"], axis=1)'),
    ],
}
