"""Returns a Python list of floats."""
KIND = "mistake"
FAILS = {'test_model_to_weights': 'NumPy array'}
EDITS = {
    "solution_model_to_weights": [
        ("return torch.cat([p.detach().reshape(-1) for p in parts]).to(torch.float64).numpy().copy()",
         "return torch.cat([p.detach().reshape(-1) for p in parts]).tolist()"),
    ],
}
