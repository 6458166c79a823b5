"""A student who handed in the notebook without answering anything."""
KIND = "blank"
