"""The dtype argument is ignored: parameters stay float32."""
KIND = "mistake"
FAILS = {'test_build_model': 'float64'}

# %% solution_build_model
def build_model(d_in, hidden, d_out, dtype=torch.float64):
    """nn.Sequential(Linear(d_in, hidden), Sigmoid(), Linear(hidden, d_out), Sigmoid()) in `dtype`."""
    return nn.Sequential(
        nn.Linear(d_in, hidden), nn.Sigmoid(), nn.Linear(hidden, d_out), nn.Sigmoid()
    )
