"""Items that break the Article JSON Schema are dropped, naming the first broken field."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.core import stats
from newscrawl.core.article import error_field, schema_errors
from newscrawl.crawler.components import CrawlerComponent


class ValidationPipeline(CrawlerComponent):
    """Drops items that break the Article JSON Schema (``dropped/invalid/<field>``)."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        # The validators only read: a dict item needs no deep copy.
        errors = schema_errors(item if isinstance(item, dict) else adapter.asdict())
        if errors:
            reason = stats.invalid(error_field(errors[0]))
            raise self.drop(reason, adapter.get("url", "?"), "; ".join(errors))
        return item
