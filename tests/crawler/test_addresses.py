"""What the crawl never fetches: other schemes, user info, other ports, internal addresses."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError, DownloadTimeoutError, IgnoreRequest
from scrapy.resolver import dnscache
from scrapy.settings import Settings
from twisted.internet.error import DNSLookupError
from twisted.internet.testing import MemoryReactor

from newscrawl.crawler import settings as project_settings
from newscrawl.crawler.downloader import resolved
from newscrawl.crawler.downloader.addresses import AddressPolicy, AddressRefused
from newscrawl.crawler.downloader.failures import Refused, classify
from newscrawl.crawler.downloader.guard import RequestGuardMiddleware
from newscrawl.crawler.downloader.resolved import ResolvedAddressMiddleware
from newscrawl.crawler.resolver import AddressCheckingResolver
from newscrawl.crawler.spiders.site import site_profile
from newscrawl.outlets import get_outlet

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from newscrawl.core.profile import OutletProfile


def policy(*allowed: str) -> AddressPolicy:
    return AddressPolicy.from_settings(Settings({"NEWSCRAWL_ALLOWED_ADDRESSES": list(allowed)}))


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "private"),
        ("100.64.0.1", "non-global"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
    ],
)
def test_internal_addresses_are_refused(address: str, kind: str) -> None:
    assert policy().refusal(address) == kind


@pytest.mark.parametrize("address", ["8.8.8.8", "95.59.1.1", "2a00:1450:4001::1", "::ffff:8.8.8.8"])
def test_public_addresses_are_not(address: str) -> None:
    assert policy().refusal(address) is None


def test_allowed_ranges_let_a_crawl_reach_internal_addresses() -> None:
    allowed = policy("127.0.0.1/32", "10.1.0.0/16", "fd00::/8")
    assert allowed.refusal("127.0.0.1") is None
    assert allowed.refusal("::ffff:127.0.0.1") is None
    assert allowed.refusal("10.1.2.3") is None
    assert allowed.refusal("fd00::5") is None
    assert allowed.refusal("127.0.0.2") == "loopback"
    assert allowed.refusal("10.2.0.1") == "private"
    assert allowed.refusal("::1") == "loopback"
    commas = AddressPolicy.from_settings(
        Settings({"NEWSCRAWL_ALLOWED_ADDRESSES": "127.0.0.1/32, 10.0.0.0/8"})
    )
    assert commas.refusal("10.9.9.9") is None


def test_an_unreadable_range_stops_the_crawl() -> None:
    with pytest.raises(ValueError, match="NEWSCRAWL_ALLOWED_ADDRESSES"):
        policy("localhost")


def test_refusals_are_counted_as_refused_not_as_download_errors() -> None:
    assert classify(AddressRefused("localhost", "127.0.0.1", "loopback")) == "refused/address"
    assert classify(AddressRefused("10.0.0.1", "10.0.0.1", "private")) == "refused/address"
    assert classify(Refused("refused/scheme", "file")) == "refused/scheme"
    assert str(AddressRefused("localhost", "127.0.0.1", "loopback")) == (
        "localhost resolves to 127.0.0.1, a loopback address"
    )
    assert str(AddressRefused("10.0.0.1", "10.0.0.1", "private")) == "10.0.0.1 is a private address"


def test_only_http_and_https_have_download_handlers() -> None:
    handlers = project_settings.DOWNLOAD_HANDLERS
    assert {scheme for scheme, handler in handlers.items() if handler} == {"http", "https"}
    assert {"file", "s3", "ftp", "data"} <= handlers.keys()
    assert project_settings.TWISTED_DNS_RESOLVER.endswith("AddressCheckingResolver")


def guard(profile: OutletProfile | None, *allowed: str) -> RequestGuardMiddleware:
    crawler = SimpleNamespace(
        settings=Settings({"NEWSCRAWL_ALLOWED_ADDRESSES": list(allowed)}),
        spider=SimpleNamespace(profile=profile) if profile else SimpleNamespace(),
    )
    return RequestGuardMiddleware(cast("Crawler", crawler))


def refusal(middleware: RequestGuardMiddleware, url: str) -> str | None:
    try:
        middleware.process_request(Request(url))
    except Refused as refused:
        return refused.counter
    return None


@pytest.mark.parametrize(
    ("url", "counter"),
    [
        ("https://aqnews.kz/ru/news/", None),
        ("https://www.aqnews.kz:443/robots.txt", None),
        ("http://aqnews.kz/ru/news/", None),
        ("file://aqnews.kz/etc/hostname", "refused/scheme"),
        ("file:///etc/hostname", "refused/scheme"),
        ("file://127.0.0.1/dev/zero", "refused/scheme"),
        ("ftp://aqnews.kz/sitemap.xml", "refused/scheme"),
        ("s3://aqnews/sitemap.xml", "refused/scheme"),
        ("data:text/xml,<urlset/>", "refused/scheme"),
        ("http://aqnews.kz:6800/listjobs.json", "refused/offsite"),
        ("https://aqnews.kz:8443/sitemap.xml", "refused/offsite"),
        ("https://editor@aqnews.kz/sitemap.xml", "refused/offsite"),
        ("https://editor:secret@aqnews.kz/sitemap.xml", "refused/offsite"),
        ("http://10.0.0.1/", "refused/address"),
        ("http://169.254.169.254/latest/meta-data/", "refused/address"),
        ("http://[::1]/", "refused/address"),
        ("http://[fd00::1]/", "refused/address"),
        ("http://95.59.1.1/", None),
    ],
)
def test_the_guard_refuses_what_an_outlet_crawl_must_not_fetch(url: str, counter: str) -> None:
    assert refusal(guard(get_outlet("aqnews")), url) == counter


def test_a_site_on_a_port_of_its_own_keeps_to_it() -> None:
    site = guard(site_profile("http://127.0.0.1:8080/"), "127.0.0.1/32")
    assert refusal(site, "http://127.0.0.1:8080/news/1/") is None
    assert refusal(site, "http://127.0.0.1:6800/listjobs.json") == "refused/offsite"
    assert refusal(site, "http://127.0.0.1/") == "refused/offsite"
    assert refusal(guard(site_profile("http://127.0.0.1:8080/")), "http://127.0.0.1:8080/") == (
        "refused/address"
    )


def test_the_guard_checks_schemes_and_addresses_without_a_profile() -> None:
    anywhere = guard(None)
    assert refusal(anywhere, "https://example.kz:8443/") is None
    assert refusal(anywhere, "file:///etc/passwd") == "refused/scheme"
    assert refusal(anywhere, "http://192.168.1.1/") == "refused/address"


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> AddressCheckingResolver:
    """A resolver whose lookups all hit Scrapy's DNS cache (no thread, no network)."""
    built = AddressCheckingResolver(
        cast("Any", MemoryReactor()), 100, 5.0, policy("10.1.0.0/16"), ["replay.local"]
    )
    for name, address in {
        "news.example": "95.59.1.1",
        "intranet.example": "10.0.0.7",
        "office.example": "10.1.2.3",
        "metadata.example": "169.254.169.254",
        "replay.local": "127.0.0.1",
    }.items():
        monkeypatch.setitem(dnscache, name, address)
    return built


def lookup(resolver: AddressCheckingResolver, name: str) -> str | BaseException:
    results: list[Any] = []
    resolver.getHostByName(name).addBoth(results.append)
    [result] = results
    return result if isinstance(result, str) else result.value


def test_the_resolver_refuses_names_of_internal_addresses(
    resolver: AddressCheckingResolver,
) -> None:
    assert lookup(resolver, "news.example") == "95.59.1.1"
    assert lookup(resolver, "office.example") == "10.1.2.3"
    assert lookup(resolver, "replay.local") == "127.0.0.1"
    refused = lookup(resolver, "intranet.example")
    assert isinstance(refused, DNSLookupError)
    assert resolver.refusal("intranet.example") == ("10.0.0.7", "private")
    assert resolver.refusal("Metadata.Example") is None
    assert isinstance(lookup(resolver, "metadata.example"), DNSLookupError)
    assert resolver.refusal("Metadata.Example") == ("169.254.169.254", "link-local")
    assert resolver.refusal("news.example") is None


def test_the_resolver_checks_every_lookup_again(
    resolver: AddressCheckingResolver, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lookup(resolver, "news.example") == "95.59.1.1"
    monkeypatch.setitem(dnscache, "news.example", "127.0.0.1")
    assert isinstance(lookup(resolver, "news.example"), DNSLookupError)
    assert resolver.refusal("news.example") == ("127.0.0.1", "loopback")
    monkeypatch.setitem(dnscache, "news.example", "95.59.1.2")
    assert lookup(resolver, "news.example") == "95.59.1.2"
    assert resolver.refusal("news.example") is None


def test_the_resolver_trusts_the_replay_server() -> None:
    crawler = SimpleNamespace(settings=Settings({
        "DNSCACHE_ENABLED": True, "DNSCACHE_SIZE": 10, "DNS_TIMEOUT": 5,
        "NEWSCRAWL_REPLAY_URL": "http://127.0.0.1:8000", "NEWSCRAWL_ALLOWED_ADDRESSES": [],
    }))
    built = AddressCheckingResolver.from_crawler(cast("Any", crawler), cast("Any", MemoryReactor()))
    assert built.trusted == {"127.0.0.1"}
    assert built.policy.refusal("127.0.0.1") == "loopback"


def test_a_refused_lookup_fails_as_refused_and_is_not_retried(
    resolver: AddressCheckingResolver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resolved, "installed_resolver", lambda: resolver)
    middleware = ResolvedAddressMiddleware(cast("Crawler", SimpleNamespace()))
    lookup(resolver, "intranet.example")
    failed = CannotResolveHostError("no results for hostname lookup: intranet.example")
    with pytest.raises(AddressRefused) as refused:
        middleware.process_exception(Request("https://intranet.example/news/"), failed)
    assert isinstance(refused.value, IgnoreRequest)
    assert classify(refused.value) == "refused/address"
    assert "10.0.0.7" in str(refused.value)
    missing = CannotResolveHostError("no results for hostname lookup: missing.example")
    assert middleware.process_exception(Request("https://missing.example/"), missing) is None
    assert classify(missing) == "download_error/dns"
    slow = DownloadTimeoutError("slow")
    assert middleware.process_exception(Request("https://intranet.example/"), slow) is None
