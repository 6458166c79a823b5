"""The output Sigmoid left out of the Sequential."""
KIND = "mistake"
FAILS = {'test_build_model': 'modules'}

# %% solution_build_model
def build_model(d_in, hidden, d_out, dtype=torch.float64):
    """nn.Sequential(Linear(d_in, hidden), Sigmoid(), Linear(hidden, d_out), Sigmoid()) in `dtype`."""
    return nn.Sequential(
        nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out)
    ).to(dtype)
