"""The reference solution: the source notebook's own solution cells."""
KIND = "reference"
E2E = True
