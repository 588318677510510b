"""``newscrawl reextract``: today's extraction over archived WARC responses.

Each archived article response goes through the same steps as in a crawl: extraction with the
outlet's profile (by host), schema validation, then one item per canonical URL and per body,
as one crawl run writes them. The WARC record's date stands for the fetch time.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from tqdm import tqdm
from w3lib.encoding import html_to_unicode
from warcio.archiveiterator import ArchiveIterator

from newscrawl.core import stats
from newscrawl.core.article import error_field, schema_errors
from newscrawl.extract.article import NotAnArticle, extract_article
from newscrawl.outlets import outlet_for_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from warcio.recordloader import ArcWarcRecord

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
_TEXT_TYPES = ("html", "xml", "text/")


@dataclass
class ReextractSummary:
    """What a re-extraction read and wrote."""

    responses: int = 0
    articles: int = 0
    dropped: Counter[str] = field(default_factory=Counter)

    def progress(self) -> str:
        """The figures of the progress bar."""
        return f"{self.responses} responses, {self.articles} articles"

    def render(self, out: Path) -> str:
        """A short human-readable report."""
        lines = [f"{self.articles} articles written to {out} from {self.responses} responses"]
        lines += [f"  {reason}: {n}" for reason, n in sorted(self.dropped.items())]
        return "\n".join(lines)


def warc_files(paths: Iterable[Path]) -> list[Path]:
    """The WARC files named; directories are searched recursively, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.name.endswith(WARC_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such WARC file or directory: {path}")
    return files


def reextract(
    paths: Iterable[Path], out: Path, *, progress: bool | None = None
) -> ReextractSummary:
    """Extract every archived article response in ``paths`` into the JSON Lines file ``out``;
    ``progress`` shows a progress bar on stderr (None: when stderr is a terminal)."""
    summary = ReextractSummary()
    canonical: set[str] = set()
    hashes: set[str] = set()
    files = warc_files(paths)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink, tqdm(
        total=sum(path.stat().st_size for path in files), unit="B", unit_scale=True,
        desc="Re-extracting", disable=None if progress is None else not progress,
    ) as bar:
        for url, fetched_at, content_type, body in _responses(files, summary, bar):
            bar.set_postfix_str(summary.progress(), refresh=False)
            if not any(kind in content_type for kind in _TEXT_TYPES):
                summary.dropped[stats.SKIPPED_NOT_HTML] += 1
                continue
            _, html = html_to_unicode(content_type, body)
            try:
                item = extract_article(html, url, fetched_at, outlet_for_url(url))
            except NotAnArticle as reason:
                summary.dropped[stats.skipped(reason.reason)] += 1
                logger.info("Skipping %s: not an article (%s)", url, reason)
                continue
            if errors := schema_errors(item):
                summary.dropped[stats.invalid(error_field(errors[0])).counter] += 1
                logger.warning("Dropping %s: %s", url, "; ".join(errors))
                continue
            if item["canonical_url"] in canonical:
                summary.dropped[stats.DUPLICATE_URL.counter] += 1
                continue
            if item["content_hash"] in hashes:
                summary.dropped[stats.DUPLICATE_CONTENT.counter] += 1
                continue
            canonical.add(item["canonical_url"])
            hashes.add(item["content_hash"])
            sink.write(json.dumps(item, ensure_ascii=False) + "\n")
            summary.articles += 1
        bar.set_postfix_str(summary.progress(), refresh=False)
    return summary


def _responses(
    files: list[Path], summary: ReextractSummary, bar: tqdm[Any]
) -> Iterator[tuple[str, datetime, str, bytes]]:
    """URL, fetch time, content type and body of each archived 200 response; ``bar``
    advances by the bytes read."""
    done = 0
    for path in files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                bar.update(done + stream.tell() - bar.n)
                if record.rec_type != "response":
                    continue
                summary.responses += 1
                status = record.http_headers.get_statuscode() if record.http_headers else None
                if status != "200":
                    summary.dropped[stats.skipped(f"http_status/{status}")] += 1
                    continue
                yield (
                    record.rec_headers.get_header("WARC-Target-URI"),
                    _fetched_at(record),
                    record.http_headers.get_header("Content-Type") or "",
                    record.content_stream().read(),
                )
        done += path.stat().st_size
        bar.update(done - bar.n)


def _fetched_at(record: ArcWarcRecord) -> datetime:
    date = record.rec_headers.get_header("WARC-Date")
    return datetime.fromisoformat(date.replace("Z", "+00:00")).astimezone(timezone.utc).replace(
        microsecond=0
    )
