"""A complete submission: the reference solution."""
KIND = "reference"
