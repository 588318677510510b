"""Encoding detection of Cyrillic pages, in the crawler and in ``newscrawl extract``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawl.crawler.downloader.encoding import EncodingMiddleware
from newscrawl.extract.encoding import (
    decode_html,
    detect_encoding,
    page_encoding,
    stray_utf8_bytes,
)
from tests.fixtures.faults.profile import SNAPSHOTS
from tests.test_cli import newscrawl

if TYPE_CHECKING:
    from pathlib import Path

TEXT = "Жители Уральска выбрали проект нового сквера с фонтаном и детской площадкой."
META_1251 = '<meta charset="windows-1251">'


def html(text: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        (html(TEXT).encode("utf-8"), None, "utf-8"),
        (html(TEXT).encode("utf-8"), "windows-1251", "utf-8"),
        (html(TEXT).encode("cp1251"), "windows-1251", "cp1251"),
        (html(TEXT, META_1251).encode("cp1251"), None, "cp1251"),
        (html(TEXT).encode("cp1251"), None, "cp1251"),
        (html(TEXT).encode("cp1251"), "utf-8", "cp1251"),
        (html(TEXT).encode("koi8-r"), None, "koi8-r"),
        (html(TEXT).encode("koi8-r"), "utf-8", "koi8-r"),
        (html("Just English.").encode("ascii"), None, "utf-8"),
    ],
)
def test_detects_the_real_encoding(body: bytes, declared: str | None, expected: str) -> None:
    assert detect_encoding(body, declared) == expected
    codec, text = decode_html(body, declared)
    assert codec == expected
    assert text == body.decode(expected)


def test_utf8_cut_inside_a_character_is_still_utf8() -> None:
    assert detect_encoding(html(TEXT).encode("utf-8")[:-1] + "ж".encode()[:1]) == "utf-8"


def test_crawler_middleware_redecodes_a_lying_header() -> None:
    class Stats:
        def __init__(self) -> None:
            self.values: dict[str, int] = {}

        def inc_value(self, key: str, count: int = 1) -> None:
            self.values[key] = self.values.get(key, 0) + count

    class Crawler:
        stats = Stats()

    url = "https://example.kz/news/1/"
    response = HtmlResponse(url, body=html(TEXT).encode("cp1251"),
                            headers={"Content-Type": "text/html; charset=utf-8"})
    assert TEXT not in response.text
    middleware = EncodingMiddleware(Crawler())  # type: ignore[arg-type]
    fixed = middleware.process_response(Request(url), response)
    assert middleware.process_response(Request(url), fixed) is fixed
    assert TEXT in fixed.text
    assert Crawler.stats.values == {"newscrawl/encoding/corrected": 1}


@pytest.mark.parametrize(("slug", "codec"), [("enc-cp1251-meta", "cp1251"),
                                             ("enc-cp1251-none", "cp1251"),
                                             ("enc-koi8r", "koi8-r")])
def test_extract_command_decodes_a_saved_page(tmp_path: Path, slug: str, codec: str) -> None:
    source = SNAPSHOTS / "faultnews.example" / "news" / slug / "index.html"
    page = source.read_text("utf-8")
    saved = tmp_path / "page.html"
    saved.write_bytes(page.encode(codec, errors="xmlcharrefreplace"))
    url = f"https://faultnews.example/news/{slug}/"
    result = newscrawl("extract", str(saved), "--url", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] in page
    assert article["body"].split("\n\n")[0] in page


def test_page_encoding_agrees_with_detection_and_stray_bytes() -> None:
    text = "Аким сообщил, что стройка заняла два года. Қала әкімі айтты. " * 40
    bodies = [
        text.encode("utf-8"),
        text.encode("utf-8")[:-1],  # a character cut at the end
        text.encode("utf-8") + b"\xff\xfe" + text.encode("utf-8"),
        text.encode("utf-16"),
        text.encode("utf-16-le"),
        "Аким сообщил, что стройка заняла два года. ".encode("cp1251") * 40,
        "Аким сообщил, что стройка заняла два года. ".encode("koi8-r") * 40,
        b"<html><body>plain ASCII</body></html>",
        b"",
    ]
    for body in bodies:
        codec = detect_encoding(body, None)
        assert page_encoding(body) == (codec, stray_utf8_bytes(body) if codec == "utf-8" else 0)
