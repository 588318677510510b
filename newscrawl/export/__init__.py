"""``newscrawl export``: crawl runs → one deduplicated, documented dataset."""

from newscrawl.export.dataset import EmptyDataset, ExportResult, export_dataset
from newscrawl.export.index import Filters

__all__ = ["EmptyDataset", "ExportResult", "Filters", "export_dataset"]
