"""A blank submission: every solution cell is still the stub."""
KIND = "blank"
