"""The refusal extraction raises, importable without loading the extraction libraries."""

from __future__ import annotations


class NotAnArticle(ValueError):
    """The page is not an article; ``reason`` is a short stats-friendly code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[type[NotAnArticle], tuple[str, str]]:
        return type(self), (self.reason, self.detail)
