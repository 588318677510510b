"""URL canonicalisation: one spelling per page, without tracking parameters."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

if TYPE_CHECKING:
    from collections.abc import Collection

TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "yclid", "ysclid", "msclkid",
        "igshid", "mc_cid", "mc_eid", "_openstat", "_ga", "_gl", "ref_src", "spm",
    }
)


def is_tracking_parameter(name: str) -> bool:
    """Whether a query parameter only tracks the visit and does not select content."""
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str, extra: Collection[str] = ()) -> str:
    """``url`` without tracking parameters and fragment; everything else as it was.

    ``extra`` names further parameters that only track the visit on one site.
    """
    parts = urlsplit(url)
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name) and name not in extra
    ]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def canonicalize(url: str) -> str:
    """The key two spellings of one page share: w3lib canonical form, no tracking, no fragment.

    Host and scheme are lower-cased, the default port dropped, query parameters sorted,
    percent-encoding normalised; the path (and its trailing slash) is kept as it is.
    """
    canonical = canonicalize_url(strip_tracking(url))
    parts = urlsplit(canonical)
    default_port = DEFAULT_PORTS.get(parts.scheme)
    netloc = (parts.hostname or "").lower()
    if parts.port and parts.port != default_port:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def registered_domain(host: str) -> str:
    """The last two labels of a host name (``www.aqnews.kz`` → ``aqnews.kz``); an IP address
    is a site of its own (``127.0.0.1`` → ``127.0.0.1``).

    Enough for the .kz and .ru outlets served here; a site under a multi-label public
    suffix (``.com.kz``) shares its registered domain with its suffix's siblings.
    """
    if (address := ip_literal(host)) is not None:
        return str(address)
    labels = host.lower().rstrip(".").split(".")
    return ".".join(labels[-2:])


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address ``host`` spells (``127.0.0.1``, ``[::1]``), or None for a host name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def host_and_port(url: str) -> tuple[str, int | None] | None:
    """The lower-cased host of an http(s) ``url`` and its port, None for its scheme's default.

    None for any other scheme, a URL without host, with user info (``user@host``) or with a
    port that is no port number.
    """
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    return parts.hostname.lower(), None if port == DEFAULT_PORTS[parts.scheme] else port


def resolve(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base``; None for empty or non-HTTP links."""
    if not href or not href.strip():
        return None
    absolute = urljoin(base, href.strip())
    return absolute if urlsplit(absolute).scheme in {"http", "https"} else None
