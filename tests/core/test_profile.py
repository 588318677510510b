"""``OutletProfile.owns``: on the outlet means one of its hosts, on the scheme's default port."""

from __future__ import annotations

import pytest

from newscrawl.core.profile import OutletProfile


@pytest.fixture(scope="module")
def profile() -> OutletProfile:
    return OutletProfile(
        name="example",
        title="Example",
        country="KZ",
        hosts=("example.kz", "www.example.kz"),
        languages=("ru",),
        timezone="Asia/Almaty",
        article_url=r"^https://example\.kz/news/\d+/$",
        sitemaps=("https://example.kz/robots.txt",),
    )


OWNED = (
    "https://example.kz/news/1/",
    "http://www.example.kz/",
    "https://EXAMPLE.kz/news/1/",
    "https://example.kz:443/news/1/",
    "http://example.kz:80/news/1/",
)
NOT_OWNED = (
    "http://example.kz:6800/listjobs.json",
    "https://example.kz:8443/sitemap.xml",
    "http://example.kz:443/",
    "https://example.kz:99999/",
    "https://editor@example.kz/sitemap.xml",
    "https://editor:secret@example.kz/sitemap.xml",
    "file://example.kz/etc/hostname",
    "ftp://example.kz/sitemap.xml",
    "s3://example.kz/sitemap.xml",
    "https://news.example.kz/",
    "https://example.kz.evil.com/",
    "https://127.0.0.1/",
)


def test_owns_its_hosts_on_the_default_port_only(profile: OutletProfile) -> None:
    assert [url for url in OWNED if not profile.owns(url)] == []
    assert [url for url in NOT_OWNED if profile.owns(url)] == []


def test_a_discovery_url_on_another_port_is_refused() -> None:
    with pytest.raises(ValueError, match="not on"):
        OutletProfile(
            name="example",
            title="Example",
            country="KZ",
            hosts=("example.kz",),
            languages=("ru",),
            timezone="Asia/Almaty",
            article_url=r"^https://example\.kz/news/\d+/$",
            sitemaps=("https://example.kz:8443/robots.txt",),
        )
