"""Spider middlewares: one per module."""
