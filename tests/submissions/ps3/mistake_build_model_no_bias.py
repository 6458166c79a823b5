"""Linear layers built with bias=False."""
KIND = "mistake"
FAILS = {'test_build_model': 'bias'}
EDITS = {
    "solution_build_model": [
        ("nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out), nn.Sigmoid()",
         "nn.Linear(d_in, hidden, bias=False), nn.Sigmoid(), nn.Linear(hidden, d_out, bias=False), nn.Sigmoid()"),
    ],
}
