"""Returns the list of layers instead of an nn.Sequential."""
KIND = "mistake"
FAILS = {'test_build_model': 'Sequential'}

# %% solution_build_model
def build_model(d_in, hidden, d_out, dtype=torch.float64):
    """nn.Sequential(Linear(d_in, hidden), Sigmoid(), Linear(hidden, d_out), Sigmoid()) in `dtype`."""
    return [m.to(dtype) for m in (nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out), nn.Sigmoid())]
