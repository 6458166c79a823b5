"""The data term is summed over the minibatch: the 1/N is missing (loss and gradients)."""
KIND = "mistake"
FAILS = {
    'test_loss': '1/N',
    'test_learns': 'fix loss first',
    'test_best_config': 'fix loss first',
}
EDITS = {
    "solution_two_layer_net": [
        ("loss = 0.5 * np.sum(diff**2) / N + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))\n"
         "\n"
         "        dscores = diff / N",
         "loss = 0.5 * np.sum(diff**2) + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))\n"
         "\n"
         "        dscores = diff"),
    ],
}
