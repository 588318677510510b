"""What is never part of an article's text or image, on any site: agency datelines, cross-links,
the captions social embeds leave behind, the page furniture a body ends with (comment and
subscription prompts, copyright lines, date lines), a site's logo given as the article's image.

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
    r"^\[?(?:читайте\s+(?:также|материал|подробнее)|см\.\s+также|подробнее\s+читайте"
    r"|смотрите\s+также|по\s+теме:|оқи\s+отырыңыз|толығырақ\s+оқыңыз"
    r"|read\s+(?:also|more)|see\s+(?:also|more:)|related:|also\s+on\s|don'?t\s+miss\b"
    r"|(?:самое\s+(?:читаемое|популярное)|е[щё]е\s+по\s+теме|другие\s+новости|көп\s+оқылған"
    r"|most\s+read|more\s+stories|you\s+may\s+also\s+like)\W*$)",
    re.IGNORECASE,
)
# What an Instagram, X, Telegram or YouTube embed leaves when its script does not run.
_EMBED = re.compile(
    r"^(?:публикация\s+от|пост\s+от|a\s+post\s+shared\s+by|view\s+this\s+post\s+on)\b"
    r"|\(@[\w.]{1,40}\)\s.{0,40}\d{1,2}:\d{2}\s*(?:[AP]M\s*)?(?:[A-Z]{2,4})?$",
    re.IGNORECASE,
)
_SHORT = 300
# A line that is only a machine timestamp, as hidden metadata leaves in the text.
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\S*$")
# What a page puts after the article: a comment section's title or prompt, a copyright line,
# a prompt to subscribe, follow or write in (a sentence that starts with the imperative), the
# credits of an agency story, a CMS shortcode left unrendered.
_FURNITURE = re.compile(
    r"^(?:comments?|комментари(?:и|ев)|пікірлер)\W*$"
    r"|\b(?:leave\s+a\s+comment|tell\s+us\s+what\s+you\s+think)\b|оставьте\s+комментарий"
    r"|^(?:copyright\b|©|\(c\)\s)|all\s+rights\s+reserved|все\s+права\s+защищены"
    r"|барлық\s+құқықтар\s+қорғалған"
    r"|(?:^|[.!?]\s+)(?:subscribe|sign\s+up|follow|click\s+here|join\s+our)\b"
    r"|\b(?:like\s+this\s+story|have\s+a\s+tip)\b"
    r"|\b(?:e-?mail|write\s+to)\s+(?:\S+\s+){1,3}at\s+\S+@"
    r"|подпи(?:сывайтесь|шитесь)\s|следите\s+за\s|присоединяйтесь\s|жазылыңыз"
    r"|^\(?(?:additional\s+)?(?:reporting|writing|editing)\s+by\b|contributed\s+to\s+this\s+report"
    r"|^\[(\w+)[^\]]*\].*\[/\1\]$",
    re.IGNORECASE,
)
_FURNITURE_CHARS = 200
# A paragraph that is only a date line ("UPDATED: Tue., Nov. 19, 2019", "26 марта 2024, 14:30").
_DATE_LINE = re.compile(
    rf"^(?:[{_LETTER}]+:\s+)?(?:[{_LETTER}]{{2,11}}\.?,\s+)?{_DAY}"
    r"(?:,?\s+(?:в\s+)?\d{1,2}:\d{2})?\.?$",
    re.IGNORECASE,
)
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


def is_cross_link(paragraph: str) -> bool:
    """Whether a short paragraph sends the reader elsewhere ("Читайте также: …")."""
    return len(paragraph) <= _SHORT and bool(_CROSS_LINK.match(paragraph))


def is_boilerplate(paragraph: str) -> bool:
    """Whether a short paragraph is a cross-link, an embed's leftover caption, or only a
    machine timestamp."""
    return is_cross_link(paragraph) or (len(paragraph) <= _SHORT and bool(
        _EMBED.search(paragraph) or _TIMESTAMP.match(paragraph)
    ))


def is_furniture(paragraph: str) -> bool:
    """Whether a short paragraph is page furniture: a comment or subscription prompt, a
    copyright line, a date line."""
    return len(paragraph) <= _FURNITURE_CHARS and bool(
        _FURNITURE.search(paragraph) or _DATE_LINE.match(paragraph)
    )


def is_default_image(url: str) -> bool:
    """Whether an image URL's file name says it is a site's logo or default share picture
    (its folders do not count: ``/sites/default/files/`` holds every upload of a Drupal site)."""
    return bool(_DEFAULT_IMAGE.search(urlsplit(url).path.rsplit("/", 1)[-1]))
