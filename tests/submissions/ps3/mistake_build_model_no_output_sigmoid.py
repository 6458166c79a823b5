"""The output Sigmoid left out of the Sequential."""
KIND = "mistake"
FAILS = {'test_build_model': 'modules'}
EDITS = {
    "solution_build_model": [
        ("nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out), nn.Sigmoid()",
         "nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out)"),
    ],
}
