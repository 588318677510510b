"""Which addresses a crawl may connect to: public ones, and the ranges the user allows.

A crawl of news sites has no business on this machine or its network: a link, a sitemap or a
redirect that leads to a private, loopback, link-local, multicast, unspecified, reserved or
otherwise non-global address (shared address space, 100.64.0.0/10) is refused
(:data:`newscrawl.core.stats.REFUSED_ADDRESS`), unless the address is in
``NEWSCRAWL_ALLOWED_ADDRESSES``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newscrawl.core import stats
from newscrawl.crawler.downloader.failures import Refused

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

# The first kind that matches names the refusal: loopback addresses are private too.
_REFUSED_KINDS = ("unspecified", "loopback", "link_local", "multicast", "private", "reserved")


class AddressRefused(Refused):
    """A request to an address the crawl must not connect to."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        spelled = "is" if host == address else f"resolves to {address},"
        super().__init__(stats.REFUSED_ADDRESS, f"{host} {spelled} a {kind} address")
        self.host = host
        self.address = address
        self.kind = kind


@dataclass(frozen=True)
class AddressPolicy:
    """The addresses a crawl refuses to connect to, but for the ``allowed`` ranges."""

    allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> AddressPolicy:
        """The policy ``NEWSCRAWL_ALLOWED_ADDRESSES`` (CIDR ranges) sets."""
        ranges = [text.strip() for text in settings.getlist("NEWSCRAWL_ALLOWED_ADDRESSES")]
        try:
            allowed = tuple(ipaddress.ip_network(text, strict=False) for text in ranges if text)
        except ValueError as error:
            raise ValueError(f"NEWSCRAWL_ALLOWED_ADDRESSES: {error}") from None
        return cls(allowed)

    def refusal(
        self, address: str | ipaddress.IPv4Address | ipaddress.IPv6Address
    ) -> str | None:
        """Why the crawl must not connect to ``address`` (``"loopback"``, ``"private"`` …), or
        None when it may."""
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        if any(ip in network for network in self.allowed):
            return None
        # An IPv4 address written as IPv6 (::ffff:127.0.0.1) reaches the IPv4 host.
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            return self.refusal(ip.ipv4_mapped)
        for kind in _REFUSED_KINDS:
            if getattr(ip, f"is_{kind}"):
                return kind.replace("_", "-")
        if not ip.is_global:
            return "non-global"
        return None
