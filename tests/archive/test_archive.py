"""The raw WARC archive: crawl with NEWSCRAWL_WARC_DIR, then `newscrawl reextract`: same items."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from newscrawl.cli import main
from newscrawl.crawler.extensions.warc import WarcArchive
from tests.crawls import goldens, run_crawl

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.replay.server import ReplayServer


def test_archive_is_inert_without_warc_dir() -> None:
    with pytest.raises(NotConfigured):
        WarcArchive.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_WARC_DIR": None}))


@pytest.mark.e2e
def test_reextracting_the_archive_gives_the_crawled_articles(
    replay: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc_dir = tmp_path / "warc"
    crawl = run_crawl("aqnews", replay, tmp_path, f"NEWSCRAWL_WARC_DIR={warc_dir}")
    warcs = sorted(warc_dir.glob("aqnews-*.warc.gz"))
    assert len(warcs) == 1
    with warcs[0].open("rb") as stream:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
                   for r in ArchiveIterator(stream)]
    responses = [url for kind, url in records if kind == "response"]
    assert records[0][0] == "warcinfo"
    assert sorted(responses) == sorted(url for kind, url in records if kind == "request")
    assert all(url.startswith("https://aqnews.kz/") for url in responses)
    assert f"'newscrawl/warc/responses': {len(responses)}," in crawl.log

    out = tmp_path / "reextracted.jsonl"
    assert main(["reextract", str(warc_dir), "--out", str(out)]) == 0
    summary = capsys.readouterr().out
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert summary.startswith(f"{len(items)} articles written to {out} from {len(responses)}")
    assert len(items) == len(crawl.items)
    # One item per body: of the pages that share one, the crawl writes the one extracted
    # first, which extraction workers working in parallel may not be the one archived first.
    pages_of_body: dict[object, set[object]] = {}
    for url, golden in goldens("aqnews").items():
        pages_of_body.setdefault(golden.get("content_hash"), set()).add(url)
    again = {item["content_hash"]: item for item in items}
    for crawled in crawl.items:
        item = dict(again[crawled["content_hash"]])
        expected = dict(crawled)
        if item["canonical_url"] != expected["canonical_url"]:
            pages = {item["url"], expected["url"]}
            assert pages <= pages_of_body[item["content_hash"]]
            continue
        assert item.pop("url").startswith("https://aqnews.kz/")
        expected.pop("url")
        fetched = datetime.fromisoformat(item.pop("fetched_at"))
        # The archive dates the response; the spider dates its parse, a little later.
        delay = datetime.fromisoformat(expected.pop("fetched_at")) - fetched
        assert 0 <= delay.total_seconds() < 120
        assert item == expected
