"""A complete submission: the reference solution."""
KIND = "reference"
E2E = True
