"""URL facts of the Russian outlet profiles, on URLs seen in public sources and saved pages."""

from __future__ import annotations

import pytest

from newscrawl.outlets import get_outlet

ARTICLES = [
    ("rbc", "https://www.rbc.ru/economics/03/07/2023/649ea4cc9a7947b29e9db05a"),
    ("rbc", "https://www.rbc.ru/rbcfreenews/5fcd0ce79a79479eea88e2cd"),
    ("kommersant", "https://www.kommersant.ru/doc/7715044"),
    ("iz", "https://iz.ru/1946734/2025-09-01/liubimova-nazvala-film-krasnyi-shelk"),
    ("iz", "https://iz.ru/927982/aleksandr-antonovich/razdeliai-i-ispolzui"),
    ("iz", "https://iz.ru/news/1671234"),
    ("rg", "https://rg.ru/2024/05/30/rgantd-vpervye-opublikoval-polnyj-tekst-doklada.html"),
    ("rg", "https://rg.ru/2024/09/20/reg-sibfo/zagadki-tuvinskoj-doliny-carej.html"),
    ("rg", "https://rg.ru/documents/2024/03/22/utverzhden-poriadok.html"),
]
NOT_ARTICLES = [
    ("rbc", "https://www.rbc.ru/economics/"),
    ("rbc", "https://www.rbc.ru/tags/?tag=Минтруд"),
    ("kommersant", "https://www.kommersant.ru/rubric/5"),
    ("kommersant", "https://www.kommersant.ru/theme/943"),
    ("iz", "https://iz.ru/news"),
    ("iz", "https://iz.ru/rubric/politika"),
    ("rg", "https://rg.ru/news.html"),
    ("rg", "https://rg.ru/tema/ekonomika"),
]


@pytest.mark.parametrize(("outlet", "url"), ARTICLES)
def test_article_urls_match(outlet: str, url: str) -> None:
    assert get_outlet(outlet).is_article_url(url)


@pytest.mark.parametrize(("outlet", "url"), NOT_ARTICLES)
def test_section_and_tag_pages_do_not_match(outlet: str, url: str) -> None:
    assert not get_outlet(outlet).is_article_url(url)


@pytest.mark.parametrize(
    ("outlet", "link", "article"),
    [
        ("rbc", "https://www.rbc.ru/rbcfreenews/5fcd0ce79a79479eea88e2cd?from=newsfeed",
         "https://www.rbc.ru/rbcfreenews/5fcd0ce79a79479eea88e2cd"),
        ("kommersant", "https://www.kommersant.ru/doc/7714900?from=doc_lenta",
         "https://www.kommersant.ru/doc/7714900"),
        ("iz", "https://iz.ru/news/1671234?main_click", "https://iz.ru/news/1671234"),
    ],
)
def test_referrer_tails_are_removed_before_matching(outlet: str, link: str, article: str) -> None:
    profile = get_outlet(outlet)
    assert not profile.is_article_url(link)
    assert profile.clean_url(link) == article
    assert profile.is_article_url(profile.clean_url(link))
