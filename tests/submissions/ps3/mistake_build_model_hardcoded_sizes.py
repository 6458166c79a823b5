"""Sizes hard-coded to the 2-3-1 network."""
KIND = "mistake"
FAILS = {'test_build_model': 'Linear'}
EDITS = {
    "solution_build_model": [
        ("nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out), nn.Sigmoid()",
         "nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1), nn.Sigmoid()"),
    ],
}
