"""A blank submission: the released notebook handed in unchanged."""
KIND = "blank"
