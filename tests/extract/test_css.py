"""Profile selectors answered from the class index match what lxml's own CSS gives."""

from __future__ import annotations

import gzip
from pathlib import Path

import lxml.html
import pytest
from lxml.cssselect import CSSSelector
from trafilatura.utils import load_html
from w3lib.encoding import html_to_unicode

from newscrawl.extract.css import PageSelector
from newscrawl.outlets import OUTLETS
from tests.golden_pages import PAGES, page_text

REALPAGES = Path(__file__).resolve().parents[3] / "shared" / "realpages"

# Every selector some profile uses, and forms none uses yet.
SELECTORS = sorted({
    css
    for profile in OUTLETS.values()
    for css in (
        *profile.selectors.drop,
        *(getattr(profile.selectors, field) for field in
          ("title", "lead", "date", "authors", "section", "tags")),
    )
    if css
} | {
    ".a .b .c", "div > p", "div.x > a", ".x > .y p", "h1, .lead", "p, .x .y", "figcaption",
    "article p", "[class*='x']", "a:last-child", ".a + .b", "*", "p.x.y", "ul > li a", ".x", ".y",
    "li:last-child", ".x a:last-child", "ul > li:first-child a", "p:first-child:last-child",
    ".y:first-child", "li.x:last-child span a", "a:nth-child(2)", ".x:last-child",
    ".y:first-child:last-child", ".x p:last-child", ".x > p:first-child",
})

PAGE = """<html class="root  page"><body>
<div class="a"><div class="b x"><p class="c">one</p><div class="b"><span class="c">two</span>
</div></div></div>
<div class="x"><div class="y"><p>three</p><a class="lead">four</a></div><p class="y">five</p></div>
<article><h1 class="lead x">six</h1><p class="x y">seven</p><div><p>eight</p></div></article>
<ul><!-- first --><li class="y"><a href="#">nine</a></li><li class="x"><span><a>ten</a></span></li>
<!-- last --></ul><div class="x"><p>alone</p><?pi after?></div>
<p class="a">eleven</p><p class="b">twelve</p><figure><figcaption>cap</figcaption></figure>
<div class="	x
y">tabs and newlines between classes</div>
</body></html>"""


def _same_as_lxml(tree, selectors) -> None:
    for declared in (selectors, selectors[::2], ()):
        page = PageSelector(tree, declared)
        for css in selectors:
            assert page.select(css) == CSSSelector(css, translator="html")(tree), css


def test_every_form_on_a_written_page() -> None:
    # lxml's own parser, which keeps the comments and processing instructions trafilatura's
    # drops: they are no siblings to :first-child and :last-child.
    _same_as_lxml(lxml.html.fromstring(PAGE), SELECTORS)


@pytest.mark.parametrize(("outlet", "url"), [(o, u) for o, u, _ in PAGES][::3])
def test_snapshot_pages(outlet: str, url: str) -> None:
    _same_as_lxml(load_html(page_text(url)), SELECTORS)


@pytest.mark.skipif(not REALPAGES.is_dir(), reason=f"no real pages at {REALPAGES}")
def test_real_pages() -> None:
    pages = sorted(REALPAGES.glob("*.html.gz"))
    assert pages
    for file in pages:
        tree = load_html(html_to_unicode(None, gzip.decompress(file.read_bytes()))[1])
        _same_as_lxml(tree, SELECTORS)
