"""A complete submission: the reference solutions."""
KIND = "reference"
