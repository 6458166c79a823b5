"""predict returns the scores instead of the labels."""
KIND = "mistake"
FAILS = {
    'test_predict': 'not the scores',
}
EDITS = {"solution_two_layer_net": [("return np.argmax(self.loss(X), axis=1)", "return self.loss(X)")]}
