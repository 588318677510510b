"""What counts as an article: the page's own markup first, ``og:type`` after it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawl.extract.article import MIN_WEBSITE_WORDS, NotAnArticle, extract_article

URL = "https://example.com/2019/11/18/a-press-release-about-a-partnership/"
FETCHED_AT = datetime(2019, 12, 1, tzinfo=timezone.utc)
SENTENCE = ("In its step {0} the company announced a distribution partnership that brings its "
            "alarm software to hospitals in {0} more countries. ")


def page(og_type: str, sentences: int, extra: str = "") -> str:
    body = "".join(f"<p>{SENTENCE.format(number + 2)}</p>" for number in range(sentences))
    return (
        f'<html><head><title>A partnership</title><meta property="og:type" content="{og_type}">'
        f"</head><body>{extra}<h1>A partnership</h1><article>{body}</article></body></html>"
    )


def words(sentences: int) -> int:
    return sentences * len(SENTENCE.split())


def test_og_type_is_compared_without_case() -> None:
    assert extract_article(page("Article", 4), URL, FETCHED_AT)["title"] == "A partnership"


def test_microdata_article_markup_wins_over_og_type_website() -> None:
    microdata = (
        '<div itemscope itemtype="http://schema.org/NewsArticle">'
        '<meta itemprop="headline" content="A partnership, announced">'
        '<meta itemprop="datePublished" content="2019-11-18T10:00:00+01:00">'
        '<span itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="name">Anna Berg</span></span></div>'
    )
    article = extract_article(page("website", 4, microdata), URL, FETCHED_AT)
    assert article["published_at"] == "2019-11-18T10:00:00+01:00"
    assert article["authors"] == ["Anna Berg"]


@pytest.mark.parametrize("og_type", ["website", "Website"])
def test_a_long_page_calling_itself_a_website_is_an_article(og_type: str) -> None:
    sentences = MIN_WEBSITE_WORDS // len(SENTENCE.split()) + 1
    assert words(sentences) >= MIN_WEBSITE_WORDS
    assert extract_article(page(og_type, sentences), URL, FETCHED_AT)["word_count"] >= 150


def test_a_short_page_calling_itself_a_website_is_refused() -> None:
    with pytest.raises(NotAnArticle, match="not_article_type: website"):
        extract_article(page("website", 4), URL, FETCHED_AT)


def test_a_video_page_is_refused_however_long() -> None:
    with pytest.raises(NotAnArticle, match=r"not_article_type: video\.other"):
        extract_article(page("video.other", 12), URL, FETCHED_AT)
