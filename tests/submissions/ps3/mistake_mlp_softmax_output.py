"""forward returns softmax probabilities instead of logits."""
KIND = "mistake"
FAILS = {'test_mlp': 'logits'}
EDITS = {"solution_mlp": [("return self.net(x)", "return torch.softmax(self.net(x), dim=1)")]}
