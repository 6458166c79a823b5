"""Sizes hard-coded to the 2-3-1 network."""
KIND = "mistake"
FAILS = {'test_build_model': 'Linear'}

# %% solution_build_model
def build_model(d_in, hidden, d_out, dtype=torch.float64):
    """nn.Sequential(Linear(d_in, hidden), Sigmoid(), Linear(hidden, d_out), Sigmoid()) in `dtype`."""
    return nn.Sequential(
        nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1), nn.Sigmoid()
    ).to(dtype)
