"""The reference solution of the source notebook, unchanged."""
KIND = "reference"
E2E = True
