"""A complete, correct submission (the reference solutions)."""
KIND = "reference"
FAILS = {}
