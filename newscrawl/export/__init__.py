"""``newscrawl export``: crawl runs → one deduplicated, documented dataset."""

from newscrawl.export.dataset import ExportResult, export_dataset
from newscrawl.export.index import Filters

__all__ = ["ExportResult", "Filters", "export_dataset"]
