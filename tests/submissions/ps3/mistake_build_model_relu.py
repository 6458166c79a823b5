"""ReLU as the hidden activation."""
KIND = "mistake"
FAILS = {'test_build_model': 'Sigmoid'}
EDITS = {
    "solution_build_model": [
        ("nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out), nn.Sigmoid()",
         "nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, d_out), nn.Sigmoid()"),
    ],
}
