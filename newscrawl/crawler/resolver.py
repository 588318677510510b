"""The DNS resolver of a crawl: Scrapy's caching resolver that refuses internal addresses."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from newscrawl.crawler.downloader.addresses import AddressPolicy

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred
    from twisted.python.failure import Failure


class AddressCheckingResolver(CachingThreadedResolver):
    """Resolves every host name a connection is opened to, and refuses the name when it
    resolves to an address :class:`~newscrawl.crawler.downloader.addresses.AddressPolicy`
    refuses: the check happens on each connection, so a name that later resolves to another
    address is checked again.

    The replay server's host (``NEWSCRAWL_REPLAY_URL``) is trusted. A refused name fails as a
    DNS lookup (what Twisted passes on quietly); :meth:`refusal` tells why, for
    :class:`~newscrawl.crawler.downloader.resolved.ResolvedAddressMiddleware`.
    """

    def __init__(
        self,
        reactor: ReactorBase,
        cache_size: int,
        timeout: float,
        policy: AddressPolicy | None = None,
        trusted: Iterable[str] = (),
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy or AddressPolicy()
        self.trusted = frozenset(name.lower() for name in trusted)
        self._refused: dict[str, tuple[str, str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> AddressCheckingResolver:
        """The resolver with the process's settings (Scrapy builds it once per process)."""
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        replay = settings.get("NEWSCRAWL_REPLAY_URL")
        trusted = [urlsplit(replay).hostname or ""] if replay else []
        return cls(
            reactor, cache_size, settings.getfloat("DNS_TIMEOUT"),
            AddressPolicy.from_settings(settings), trusted,
        )

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        """The address of ``name``; a DNSLookupError when the crawl must not connect to it."""
        resolved = super().getHostByName(name, timeout)
        return resolved.addCallbacks(
            self._checked, self._failed, callbackArgs=(name.lower(),), errbackArgs=(name.lower(),)
        )

    def refusal(self, name: str) -> tuple[str, str] | None:
        """The address ``name`` last resolved to and its kind, when it was refused."""
        return self._refused.get(name.lower())

    def _checked(self, address: str, name: str) -> str:
        if name in self.trusted or (kind := self.policy.refusal(address)) is None:
            self._refused.pop(name, None)
            return address
        self._refused[name] = (address, kind)
        raise DNSLookupError(f"{name} resolves to {address}, a {kind} address")

    def _failed(self, failure: Failure, name: str) -> Failure:
        self._refused.pop(name, None)
        return failure


def installed_resolver() -> AddressCheckingResolver | None:
    """The reactor's resolver when it is this one (``TWISTED_DNS_RESOLVER``)."""
    from twisted.internet import reactor

    resolver = getattr(reactor, "resolver", None)
    return resolver if isinstance(resolver, AddressCheckingResolver) else None
