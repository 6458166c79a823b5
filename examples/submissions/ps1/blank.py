"""A student who opened the notebook and handed it in untouched: every answer is still the stub."""
KIND = "blank"
FAILS = {}
