"""Downloader middlewares: one per module, in the order ``DOWNLOADER_MIDDLEWARES`` runs them."""
