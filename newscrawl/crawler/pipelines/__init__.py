"""Item pipelines: one per module, in the order ``ITEM_PIPELINES`` runs them."""
