"""Returns the model's dtype (float32 for a float32 model) instead of float64."""
KIND = "mistake"
FAILS = {'test_model_to_weights': 'float64'}
EDITS = {
    "solution_model_to_weights": [
        ("return torch.cat([p.detach().reshape(-1) for p in parts]).to(torch.float64).numpy().copy()",
         "return torch.cat([p.detach().reshape(-1) for p in parts]).numpy().copy()"),
    ],
}
