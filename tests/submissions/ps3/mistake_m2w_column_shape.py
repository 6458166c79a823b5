"""Returns a (13, 1) column instead of shape (13,)."""
KIND = "mistake"
FAILS = {'test_model_to_weights': 'shape'}
EDITS = {
    "solution_model_to_weights": [
        ("return torch.cat([p.detach().reshape(-1) for p in parts]).to(torch.float64).numpy().copy()",
         "return torch.cat([p.detach().reshape(-1) for p in parts]).to(torch.float64).numpy().reshape(13, 1)"),
    ],
}
