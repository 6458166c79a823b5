"""predict takes the argmax over the examples (axis 0) instead of over the classes."""
KIND = "mistake"
FAILS = {
    'test_predict': 'axis',
}
EDITS = {
    "solution_two_layer_net": [
        ("return np.argmax(self.loss(X), axis=1)", "return np.argmax(self.loss(X), axis=0)"),
    ],
}
