"""What is never part of an article's text or image, on any site: agency datelines, cross-links,
the captions social embeds leave behind, a site's logo given as the article's image.

Rules, not lists: each matches the pattern news agencies and publishing systems share, in
Russian, Kazakh and English.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newscrawl.extract.dates import MONTH_STEMS

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LETTER = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
# Agencies also abbreviate Russian months in datelines ("26 мар").
_MONTH = rf"(?:{MONTH_STEMS}|янв|фев|мар|апр|авг|сен|окт|ноя|дек)[{_LETTER}]*\.?"
_PLACE = rf"[{_UPPER}][{_LETTER}\-]{{1,25}}(?:[ \-][{_UPPER}][{_LETTER}\-]{{1,25}}){{0,2}}"
_DAY = (
    rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})"
    r"(?:,?\s+\d{4}(?:\s*(?:года|г\.|ж\.|жылғы))?)?"
)
_AGENCY = rf"[{_LETTER}][{_LETTER}.\-]{{1,20}}(?:\s[{_LETTER}][{_LETTER}.\-]{{1,20}})?"
_DASH = r"[-–—]"
# "ТУЛА, 26 марта. /ТАСС/.", "ASTANA, March 26 (Reuters) -", "Москва. 26 марта. INTERFAX.RU -",
# "АСТАНА, 26 мар — РИА Новости.", "АСТАНА. 26 наурыз. ҚазАқпарат -".
_DATELINE = re.compile(
    rf"^{_PLACE}[.,]\s*{_DAY}[.,]?\s*"
    rf"(?:(?:/[^/\n]{{2,30}}/|\([^)\n]{{2,30}}\))\.?\s*{_DASH}?"
    rf"|{_AGENCY}\s*{_DASH}"
    rf"|{_DASH}\s*{_AGENCY}\.)\s*",
    re.IGNORECASE,
)
# A line that sends the reader elsewhere: "Читайте также: …", "Оқи отырыңыз", "Read more".
_CROSS_LINK = re.compile(
    r"^(?:читайте\s+(?:также|материал|подробнее)|см\.\s+также|подробнее\s+читайте"
    r"|оқи\s+отырыңыз|толығырақ\s+оқыңыз|read\s+(?:also|more)|see\s+also)\b",
    re.IGNORECASE,
)
# What an Instagram, X, Telegram or YouTube embed leaves when its script does not run.
_EMBED = re.compile(
    r"^(?:публикация\s+от|пост\s+от|a\s+post\s+shared\s+by|view\s+this\s+post\s+on)\b"
    r"|\(@[\w.]{1,40}\)\s.{0,40}\d{1,2}:\d{2}\s*(?:[AP]M\s*)?(?:[A-Z]{2,4})?$",
    re.IGNORECASE,
)
_SHORT = 300
_DEFAULT_IMAGE = re.compile(
    r"(?:^|[_\-.])(?:logo|logotype|default|placeholder|no[-_]?image|no[-_]?photo|fallback)"
    r"(?:[_\-.]|$)",
    re.IGNORECASE,
)


def without_dateline(body: str) -> str:
    """``body`` without the agency dateline its first paragraph may start with."""
    first, separator, rest = body.partition("\n\n")
    stripped = _DATELINE.sub("", first, count=1)
    if stripped == first or not stripped.strip():
        return body
    return stripped[0].upper() + stripped[1:] + separator + rest


def is_boilerplate(paragraph: str) -> bool:
    """Whether a short paragraph is a cross-link or an embed's leftover caption."""
    return len(paragraph) <= _SHORT and bool(
        _CROSS_LINK.match(paragraph) or _EMBED.search(paragraph)
    )


def is_default_image(url: str) -> bool:
    """Whether an image URL's file name says it is a site's logo or default share picture
    (its folders do not count: ``/sites/default/files/`` holds every upload of a Drupal site)."""
    return bool(_DEFAULT_IMAGE.search(urlsplit(url).path.rsplit("/", 1)[-1]))
