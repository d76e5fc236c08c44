"""One module per ``bmet-rules`` command; each defines ``command``."""
