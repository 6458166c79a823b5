"""A blank submission: the release notebook handed in unchanged."""
KIND = "blank"
E2E = True
