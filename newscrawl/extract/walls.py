"""Bot walls: the challenge or block page a DDoS-protection vendor answers instead of a page.

Being behind a vendor is not being walled: every page of an outlet behind Cloudflare or
DDoS-Guard carries the vendor's ``Server`` header and cookies, its articles too. A response
is a wall when

- it carries a header only a challenge carries (Cloudflare's ``cf-mitigated: challenge``);
- or its body holds a marker only the vendor's challenge or block page holds (the challenge
  script, form or title), and it answers 401, 403, 429 or 503, or answers 200 with no text of
  a page to speak of (under :data:`STUB_WORDS` words outside scripts, styles and tags);
- or the vendor is named by its headers, cookies or a word of the page, and the page is such
  a stub saying what challenges say ("Just a moment...", "Проверка браузера", …).

Only the first :data:`BODY_WINDOW` bytes of a body are read. The markers, per vendor, are
those of the pages each serves a client that runs no JavaScript:

Cloudflare
    ``cf-mitigated: challenge`` is the header Cloudflare documents for telling a challenge
    (managed, JavaScript or interactive) from any other response, whatever its status. The
    challenge page (403, or 503 in "I'm Under Attack" mode) is titled "Just a moment...",
    defines ``window._cf_chl_opt``, loads ``/cdn-cgi/challenge-platform/…/orchestrate/…``
    and posts ``challenge-form`` with ``__cf_chl_…`` tokens in its URLs; the firewall's block
    page is titled "Attention Required! | Cloudflare". ``/cdn-cgi/challenge-platform/`` alone
    is no marker: Cloudflare injects its JavaScript-detection script (``…/scripts/jsd/…``,
    with ``window.__CF$cv$params``) into ordinary pages and sets ``__cf_bm`` on them. That,
    ``server: cloudflare``, ``cf-ray``, ``cf_clearance`` and ``__cfruid`` only name the vendor.
DDoS-Guard
    The browser check (403) is titled "DDoS-Guard" and loads its scripts and styles from
    ``/.well-known/ddos-guard/`` (``js-challenge/index.js``, the ``ddg-captcha-page`` of the
    captcha), ``check.ddos-guard.net/check.js`` on older pages, with ``ddg-l10n-…`` elements
    for its "Checking your browser" text. ``server: ddos-guard`` and the ``__ddg1_``,
    ``__ddg2_``, ``__ddgid_`` … cookies come with every page behind it, and articles mention
    "DDoS-Guard" by name: both only name the vendor.
Qrator
    The JavaScript challenge answers 401 (403 once blocked) with a stub loading
    ``/__qrator/qauth….js`` (``qauth_utm_v2.js`` and versions of it), which calls
    ``qauth_handle_validate_success``. ``server: QRATOR`` and the ``qrator_jsid``,
    ``qrator_jsr``, ``qrator_ssid`` cookies only name the vendor.
Variti
    The challenge answers 200 with ``server: Variti…`` and a script that decrypts a key and
    sets the ``ipp_uid`` and ``ipp_key`` cookies (``document.cookie="ipp_uid=…"``) before it
    reloads the page: those names in the body are the marker. The header, ``ipp_…`` cookies
    and the word "variti" only name the vendor; its Russian pages say "Проверка браузера".
ServicePipe
    The challenge stub has a spinner (``id_spinner``), a hidden ``id_captcha_frame_div``, a
    ``<js-challenge-loader>`` element, scripts from ``servicepipe.ru/static/`` (``checkjs``,
    ``jsrsasign``) defining ``get_cookie_spsn``, ``get_cookie_spid`` and
    ``get_cookie_spsc_encrypted_part``; the captcha is ``sp_rotated_captcha``. The bare word
    "servicepipe" only names the vendor: ordinary pages load its tracking script too, as the
    ``spid``, ``spsc``, ``spsn``, ``spjs`` cookies (under a per-site prefix) do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

BODY_WINDOW = 64 * 1024
# Challenge pages say a sentence or two (under 40 words with their footers): a page with
# fewer words than this outside its scripts and tags has no article on it.
STUB_WORDS = 80
WALL_STATUSES = frozenset({401, 403, 429, 503})

CLOUDFLARE = "cloudflare"
DDOS_GUARD = "ddos_guard"
QRATOR = "qrator"
VARITI = "variti"
SERVICEPIPE = "servicepipe"


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


@dataclass(frozen=True)
class Vendor:
    """A bot wall vendor: ``page`` finds its challenge or block page (in lower-cased text);
    ``server``, ``headers``, ``cookies`` (cookie names) and ``words`` (page text) only name it."""

    name: str
    page: re.Pattern[str]
    cookies: re.Pattern[str]
    server: re.Pattern[str] | None = None
    headers: tuple[str, ...] = ()
    words: re.Pattern[str] | None = None

    def named_by(self, headers: Mapping[str, str], cookies: list[str], text: str) -> bool:
        """Whether the response names this vendor anywhere, a challenge or not."""
        server = headers.get("server", "").strip().lower()
        return (
            (self.server is not None and bool(self.server.match(server)))
            or any(name in headers for name in self.headers)
            or any(self.cookies.search(cookie) for cookie in cookies)
            or (self.words is not None and bool(self.words.search(text)))
        )


VENDORS = (
    Vendor(
        CLOUDFLARE,
        page=_any(
            r"<title[^>]*>\s*just a moment(?:\.\.\.|…)?\s*</title>",
            r"<title[^>]*>\s*attention required! \| cloudflare\s*</title>",
            r"_cf_chl_opt",
            r"/cdn-cgi/challenge-platform/[^\"'\s]*orchestrate/",
            r"id=[\"']?challenge-form",
            r"__cf_chl_",
        ),
        cookies=re.compile(r"^(?:__cf_bm|cf_clearance|__cfruid|cf_chl_)"),
        server=re.compile(r"cloudflare"),
        headers=("cf-ray",),
    ),
    Vendor(
        DDOS_GUARD,
        page=_any(
            r"<title[^>]*>\s*ddos-guard\s*</title>",
            r"/\.well-known/ddos-guard/",
            r"check\.ddos-guard\.net/check\.js",
            r"ddg-l10n-|ddg-captcha",
        ),
        cookies=re.compile(r"^__ddg"),
        server=re.compile(r"ddos-guard"),
        words=re.compile(r"ddos-guard"),
    ),
    Vendor(
        QRATOR,
        page=_any(r"/__qrator/", r"qauth_handle_validate_success"),
        cookies=re.compile(r"^qrator_"),
        server=re.compile(r"qrator"),
        words=re.compile(r"qrator"),
    ),
    Vendor(
        VARITI,
        page=_any(r"\bipp_uid\b", r"\bipp_key\b"),
        cookies=re.compile(r"^ipp_"),
        server=re.compile(r"variti"),
        words=re.compile(r"variti"),
    ),
    Vendor(
        SERVICEPIPE,
        page=_any(
            r"get_cookie_sp(?:sn|id|sc)",
            r"id_captcha_frame_div",
            r"<js-challenge-loader",
            r"servicepipe\.ru/static/(?:checkjs|jsrsasign)",
            r"sp_rotated_captcha",
        ),
        cookies=re.compile(r"sp(?:id|sc|sn|js)$"),
        words=re.compile(r"servicepipe"),
    ),
)

# What a challenge page says, whoever serves it: it names a vendor only with other evidence.
_CHALLENGE_TEXT = _any(
    r"just a moment",
    r"checking your browser",
    r"verifying you are human",
    r"enable javascript and cookies to continue",
    r"провер(?:ка|яем) (?:вашего |ваш )?браузер",
    r"вы не робот",
)
# What a stub's words are looked for among: scripts, styles, templates and comments (unrolled
# rather than ``.*?``, which tries the end at every character: the same matches at a tenth of
# the cost), then tags, then a word (group 2) of the visible text.
_HIDDEN_TAG_OR_WORD = re.compile(
    r"<(script|style|noscript|template)\b[^<]*(?:<(?!/\1\s*>)[^<]*)*(?:</\1\s*>|\Z)"
    r"|<!--[^-]*(?:-(?!->)[^-]*)*(?:-->|\Z)"
    r"|<[^>]*>"
    r"|(\w{2,})",
    re.IGNORECASE,
)
_COOKIE_NAME = re.compile(r"(?:^|[\n,])\s*([^=;,\s]+)=")


def wall_vendor(status: int, headers: Mapping[str, str], body: bytes) -> str | None:
    """The vendor of the bot wall that answered instead of the page, or None.

    ``headers`` maps lower-cased names to values, several ``Set-Cookie`` headers joined by
    newlines.
    """
    if headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return CLOUDFLARE
    if status != 200 and status not in WALL_STATUSES:
        return None
    head = _decoded(body[:BODY_WINDOW])
    # A wall answering 200 is a stub page whatever its vendor: a page with text (every article
    # page) is ruled out at a fraction of the cost of the vendors' patterns.
    stub = None if status in WALL_STATUSES else _stub(head)
    if stub is False:
        return None
    text = head.lower()
    for vendor in VENDORS:
        if vendor.page.search(text):
            return vendor.name
    if not _CHALLENGE_TEXT.search(text) or not (_stub(head) if stub is None else stub):
        return None
    cookies = _COOKIE_NAME.findall(headers.get("set-cookie", ""))
    return next(
        (vendor.name for vendor in VENDORS if vendor.named_by(headers, cookies, text)), None
    )


def _decoded(head: bytes) -> str:
    """``head`` as text: UTF-8, else windows-1251 (the other charset of Russian pages)."""
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:
            return head[: error.start].decode("utf-8")
        return head.decode("cp1251", errors="replace")


def _stub(text: str) -> bool:
    """Whether a page has next to no text outside its scripts, styles and tags (read only as
    far as the words that rule it out)."""
    words = (match for match in _HIDDEN_TAG_OR_WORD.finditer(text) if match.group(2))
    return sum(1 for _ in islice(words, STUB_WORDS)) < STUB_WORDS
