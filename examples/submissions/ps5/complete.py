"""A student whose answers are the reference solutions."""
KIND = "reference"
