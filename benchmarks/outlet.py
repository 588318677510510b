"""Dala Habar, a fictional Kazakh/Russian outlet, and a generator of its replay snapshot.

The benchmark crawls it through ``NEWSCRAWL_PROFILES=benchmarks.outlet``. Its pages look
like a real outlet's: 60-120 KB of menus, inline styles and scripts, a news feed, share
bars, "read also" blocks, related news, comments and a footer around an article of
300-900 words, in Russian (under ``/ru/``) or Kazakh (at the root). The text is assembled
from sentences written for this file, their words reordered, so every body is different and
no two nearly alike.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape
from typing import TYPE_CHECKING

from newscrawl.core.profile import OutletProfile, Selectors

if TYPE_CHECKING:
    from pathlib import Path

HOST = "dalahabar.example"
SITEMAP_SIZE = 1000

PROFILE = OutletProfile(
    name="dalahabar",
    title="Dala Habar (fictional, for benchmarks)",
    country="KZ",
    hosts=(HOST,),
    languages=("ru", "kk"),
    timezone="Asia/Almaty",
    article_url=r"^https://dalahabar\.example/(?:ru/)?[a-z]+/\d{7}-[a-z0-9-]+/$",
    sitemaps=(f"https://{HOST}/robots.txt",),
    selectors=Selectors(
        title="h1.article__title",
        lead=".article__lead",
        date=".article__meta .article__date",
        authors=".article__meta .article__author",
        section=".breadcrumbs a:last-child",
        tags=".article__tags a",
        drop=(
            ".article__meta",
            ".read-also",
            ".share",
            ".subscribe-banner",
            ".article__tags",
            "figcaption",
            ".related",
            ".comments",
        ),
    ),
)

_ZONE = timezone(timedelta(hours=5))


@dataclass(frozen=True)
class _Language:
    code: str
    prefix: str
    sections: dict[str, str]
    menu: tuple[str, ...]
    subjects: tuple[str, ...]
    actions: tuple[str, ...]
    details: tuple[str, ...]
    quotes: tuple[str, ...]
    authors: tuple[str, ...]
    labels: dict[str, str]
    months: tuple[str, ...]
    comments: tuple[str, ...]


RU = _Language(
    code="ru",
    prefix="/ru",
    sections={"politika": "Политика", "ekonomika": "Экономика", "obshchestvo": "Общество",
              "regiony": "Регионы", "sport": "Спорт", "kultura": "Культура"},
    menu=("Новости", "Политика", "Экономика", "Общество", "Регионы", "Происшествия", "В мире",
          "Спорт", "Культура", "Технологии", "Здоровье", "Образование", "Видео", "Фото",
          "Мнения", "Интервью", "Спецпроекты", "Погода", "Курсы валют", "Афиша"),
    subjects=("Акимат Павлодарской области", "Министерство энергетики",
              "Городской маслихат Караганды", "Совет ветеранов Актобе",
              "Районная больница Жамбылской области", "Управление образования Костаная",
              "Сельский округ под Уральском", "Федерация лёгкой атлетики",
              "Дирекция городского транспорта", "Фермерское хозяйство из Туркестанской области",
              "Областной краеведческий музей", "Комитет по водным ресурсам"),
    actions=("представил план ремонта", "сообщил о завершении работ по",
             "объявил конкурс на строительство", "подвёл итоги проверки",
             "начал приём заявок на", "выделил дополнительные средства на",
             "обсудил с жителями проект", "получил первые результаты по"),
    details=("Работы планируется закончить до конца сезона, а подрядчик обязан дать гарантию на "
             "пять лет.", "По данным ведомства, в программе участвуют {n} семей из трёх районов.",
             "Жители соседних сёл уже направили {n} обращений с просьбой включить их в список.",
             "Стоимость проекта оценивается в {n} миллионов тенге, часть суммы покроет бюджет "
             "области.", "Специалисты отмечают, что прошлой весной паводок повредил {n} участков "
             "дороги.", "На встрече присутствовали представители прокуратуры и общественного "
             "совета.", "Отчёт о ходе работ будет опубликован на сайте акимата через месяц.",
             "В прошлом году аналогичная программа охватила всего {n} человек.",
             "Для участия достаточно подать заявление через портал электронного правительства.",
             "Эксперты считают, что без ремонта водовода потери воды составят до {n} процентов.",
             "Вечером того же дня на площади прошёл концерт местных самодеятельных коллективов.",
             "Строительная площадка огорожена, движение транспорта временно изменено."),
    quotes=("«Мы рассчитываем, что к осени все школы района получат новое оборудование», — "
            "сказал руководитель управления.", "«Очередей больше не будет: запись открыта "
            "круглосуточно», — пояснили в пресс-службе.", "«Главное — чтобы жители видели "
            "результат, а не только слышали обещания», — заметила депутат маслихата.",
            "«Спортсмены готовились к старту почти год», — рассказал главный тренер."),
    authors=("Асель Беккожина", "Дмитрий Ковалёв", "Айдана Сейткали", "Ерлан Жумабаев",
             "Марина Ли", "Бауыржан Омаров"),
    labels={"home": "Главная", "read_also": "Читайте также", "related": "Новости по теме",
            "popular": "Популярное", "latest": "Лента новостей", "share": "Поделиться:",
            "comments": "Комментарии", "author": "Автор:", "photo": "Фото:",
            "subscribe": "Подписывайтесь на наш Telegram-канал, чтобы не пропустить главное.",
            "rights": "Все права защищены. При использовании материалов ссылка обязательна.",
            "search": "Поиск"},
    months=("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
            "сентября", "октября", "ноября", "декабря"),
    comments=("Давно пора было этим заняться.", "А что с нашей улицей? Уже третий год ждём.",
              "Хорошая новость, спасибо за материал.", "Посмотрим, что будет через год.",
              "Интересно, сколько это стоило на самом деле."),
)

KK = _Language(
    code="kk",
    prefix="",
    sections={"sayasat": "Саясат", "ekonomika": "Экономика", "qogam": "Қоғам",
              "aimaq": "Аймақ", "sport": "Спорт", "madeniet": "Мәдениет"},
    menu=("Жаңалықтар", "Саясат", "Экономика", "Қоғам", "Аймақ", "Оқиға", "Әлем", "Спорт",
          "Мәдениет", "Технология", "Денсаулық", "Білім", "Бейне", "Фото", "Пікір",
          "Сұхбат", "Арнайы жоба", "Ауа райы", "Валюта бағамы", "Афиша"),
    subjects=("Павлодар облысының әкімдігі", "Энергетика министрлігі",
              "Қарағанды қалалық мәслихаты", "Ақтөбе ардагерлер кеңесі",
              "Жамбыл облысының аудандық ауруханасы", "Қостанай білім басқармасы",
              "Орал маңындағы ауылдық округ", "Жеңіл атлетика федерациясы",
              "Қалалық көлік дирекциясы", "Түркістан облысындағы шаруа қожалығы",
              "Облыстық өлкетану музейі", "Су ресурстары комитеті"),
    actions=("жөндеу жоспарын ұсынды", "жұмыстардың аяқталғанын хабарлады",
             "құрылысқа конкурс жариялады", "тексеру қорытындысын шығарды",
             "өтінім қабылдауды бастады", "қосымша қаражат бөлді",
             "тұрғындармен жобаны талқылады", "алғашқы нәтижелерді алды"),
    details=("Жұмыстарды маусым соңына дейін аяқтау жоспарланып отыр, мердігер бес жылға "
             "кепілдік береді.", "Ведомство мәліметінше, бағдарламаға үш ауданнан {n} отбасы "
             "қатысады.", "Көрші ауылдардың тұрғындары тізімге қосу туралы {n} өтініш жолдады.",
             "Жобаның құны {n} миллион теңге деп бағаланып отыр, қаражаттың бір бөлігін облыс "
             "бюджеті өтейді.", "Мамандардың айтуынша, өткен көктемде су тасқыны жолдың {n} "
             "учаскесін бүлдірген.", "Кездесуге прокуратура мен қоғамдық кеңестің өкілдері "
             "қатысты.", "Жұмыс барысы туралы есеп бір айдан кейін әкімдіктің сайтында "
             "жарияланады.", "Өткен жылы осындай бағдарлама небәрі {n} адамды қамтыған.",
             "Қатысу үшін электрондық үкімет порталы арқылы өтініш беру жеткілікті.",
             "Сарапшылар су құбырын жөндемесе, су шығыны {n} пайызға дейін жетеді деп санайды.",
             "Сол күні кешке алаңда жергілікті өнерпаздардың концерті өтті.",
             "Құрылыс алаңы қоршалған, көлік қозғалысы уақытша өзгертілді."),
    quotes=("«Күзге қарай ауданның барлық мектебі жаңа құрал-жабдық алады деп күтеміз», — деді "
            "басқарма басшысы.", "«Енді кезек болмайды: жазылу тәулік бойы ашық», — деп "
            "түсіндірді баспасөз қызметі.", "«Ең бастысы — тұрғындар уәдені ғана емес, "
            "нәтижені көруі керек», — деді мәслихат депутаты.", "«Спортшылар сайысқа бір жылдай "
            "дайындалды», — деді бас жаттықтырушы."),
    authors=("Әсел Бекқожина", "Дәулет Қасымов", "Айдана Сейітқали", "Ерлан Жұмабаев",
             "Гүлнар Әбілқызы", "Бауыржан Омаров"),
    labels={"home": "Басты бет", "read_also": "Оқи отырыңыз", "related": "Тақырыптас жаңалықтар",
            "popular": "Көп оқылған", "latest": "Жаңалықтар таспасы", "share": "Бөлісу:",
            "comments": "Пікірлер", "author": "Авторы:", "photo": "Сурет:",
            "subscribe": "Басты жаңалықтарды жіберіп алмау үшін Telegram-арнамызға жазылыңыз.",
            "rights": "Барлық құқықтар қорғалған. Материалдарды пайдаланғанда сілтеме міндетті.",
            "search": "Іздеу"},
    months=("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
            "қыркүйек", "қазан", "қараша", "желтоқсан"),
    comments=("Бұл іспен әлдеқашан айналысу керек еді.", "Біздің көше ше? Үш жыл күтіп жүрміз.",
              "Жақсы жаңалық, рахмет.", "Бір жылдан кейін не болатынын көрейік.",
              "Шын мәнінде бұл қанша тұрды екен?"),
)

_SLUG_WORDS = ("novosti", "remont", "shkola", "doroga", "byudzhet", "jana", "qala", "auyl",
               "sport", "turnir", "vystavka", "konkurs", "voda", "most", "park", "emhana")


@dataclass(frozen=True)
class Page:
    """One generated article page: its live URL and its path in the snapshot."""

    url: str
    path: str
    published: datetime


def write_snapshot(root: Path, pages: int, seed: int = 1) -> list[Page]:
    """Write ``pages`` article pages, robots.txt and sitemaps under ``root/<HOST>/``."""
    rng = random.Random(seed)
    base = root / HOST
    written: list[Page] = []
    start = datetime(2024, 3, 1, 8, 0, tzinfo=_ZONE)
    for number in range(pages):
        language = RU if number % 2 == 0 else KK
        section = rng.choice(list(language.sections))
        slug = "-".join(rng.sample(_SLUG_WORDS, 4))
        path = f"{language.prefix}/{section}/{3000000 + number}-{slug}/"
        published = start + timedelta(minutes=37 * number)
        page = Page(f"https://{HOST}{path}", path, published)
        html = _article(rng, language, section, page)
        file = base / path.strip("/") / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(html, "utf-8")
        written.append(page)
    _write_sitemaps(base, written)
    return written


def _write_sitemaps(base: Path, pages: list[Page]) -> None:
    (base / "robots.txt").write_text(
        f"User-agent: *\nDisallow: /search/\n\nSitemap: https://{HOST}/sitemap.xml\n", "utf-8"
    )
    chunks = [pages[i : i + SITEMAP_SIZE] for i in range(0, len(pages), SITEMAP_SIZE)]
    index = []
    (base / "sitemaps").mkdir(parents=True, exist_ok=True)
    for number, chunk in enumerate(chunks, 1):
        urls = "".join(
            f"<url><loc>{p.url}</loc><lastmod>{p.published.isoformat()}</lastmod></url>\n"
            for p in chunk
        )
        (base / "sitemaps" / f"articles-{number}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n',
            "utf-8",
        )
        index.append(f"<sitemap><loc>https://{HOST}/sitemaps/articles-{number}.xml</loc></sitemap>")
    (base / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(index) + "\n</sitemapindex>\n",
        "utf-8",
    )


def _sentence(rng: random.Random, language: _Language) -> str:
    if rng.random() < 0.35:
        subject, action = rng.choice(language.subjects), rng.choice(language.actions)
        topic = rng.choice(language.menu).lower()
        return _reworded(rng, f"{subject} {action} ({topic}, {rng.randint(2, 98)}).")
    return _reworded(rng, rng.choice(language.details).format(n=rng.randint(3, 4800)))


def _reworded(rng: random.Random, sentence: str) -> str:
    """``sentence`` with the words between its first and last in another order: the same
    words and length, but three-word runs that other articles do not share, as unrelated
    news articles do not (built from the sentences above alone, two articles of the same
    language shared a fifth of them, and every near-duplicate lookup found 100 candidates)."""
    words = sentence.split()
    middle = words[1:-1]
    rng.shuffle(middle)
    return " ".join([words[0], *middle, words[-1]]) if len(words) > 2 else sentence


def _title(rng: random.Random, language: _Language) -> str:
    return f"{rng.choice(language.subjects)} {rng.choice(language.actions)} {rng.randint(2, 999)}"


def _link_list(rng: random.Random, language: _Language, count: int, css: str) -> str:
    items = []
    for _ in range(count):
        section = rng.choice(list(language.sections))
        slug = "-".join(rng.sample(_SLUG_WORDS, 3))
        href = f"{language.prefix}/{section}/{rng.randint(1000000, 2999999)}-{slug}/"
        items.append(
            f'<li class="{css}__item"><a href="{href}"><img src="/media/thumbs/'
            f'{rng.randint(1000, 9999)}.webp" alt="" loading="lazy" width="120" height="80">'
            f'<span class="{css}__time">{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}</span>'
            f'<span class="{css}__title">{escape(_title(rng, language))}</span></a></li>'
        )
    return "\n".join(items)


def _styles(rng: random.Random, rules: int) -> str:
    return "\n".join(
        f".b{n}-{rng.randint(0, 999)}{{margin:{rng.randint(0, 40)}px {rng.randint(0, 40)}px;"
        f"color:#{rng.randrange(16**6):06x};font-size:{rng.randint(10, 30)}px;"
        f"line-height:1.{rng.randint(1, 9)};display:flex}}"
        for n in range(rules)
    )


def _state(rng: random.Random, language: _Language, entries: int) -> str:
    feed = [
        {"id": rng.randint(1000000, 2999999), "title": _title(rng, language),
         "section": rng.choice(list(language.sections)), "views": rng.randint(10, 90000),
         "image": f"/media/{rng.randint(1000, 9999)}.webp"}
        for _ in range(entries)
    ]
    return json.dumps({"feed": feed, "ads": {"slots": ["top", "side", "inread"]}},
                      ensure_ascii=False)


def _article(rng: random.Random, language: _Language, section: str, page: Page) -> str:
    labels = language.labels
    title = _title(rng, language)
    author = rng.choice(language.authors)
    lead = _sentence(rng, language)
    paragraphs = []
    for number in range(rng.randint(8, 22)):
        sentences = " ".join(_sentence(rng, language) for _ in range(rng.randint(2, 5)))
        paragraphs.append(f"<p>{escape(sentences)}</p>")
        if number == 3:
            paragraphs.append(
                f'<div class="read-also"><span>{labels["read_also"]}</span> '
                f'<a href="{language.prefix}/{section}/2999999-x/">'
                f"{escape(_title(rng, language))}</a></div>"
            )
        if number == 6:
            paragraphs.append(f"<blockquote><p>{escape(rng.choice(language.quotes))}</p>"
                              "</blockquote>")
    published = page.published
    visible_date = (f"{published.day} {language.months[published.month - 1]} {published.year}, "
                    f"{published:%H:%M}")
    section_name = language.sections[section]
    image = f"https://{HOST}/media/{rng.randint(1, 9999)}.jpg"
    json_ld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
         "datePublished": published.isoformat(),
         "dateModified": (published + timedelta(minutes=rng.randint(5, 300))).isoformat(),
         "author": {"@type": "Person", "name": author}, "articleSection": section_name,
         "inLanguage": language.code, "mainEntityOfPage": page.url,
         "image": {"@type": "ImageObject", "url": image},
         "publisher": {"@type": "Organization", "name": "Dala Habar"}},
        ensure_ascii=False,
    )
    menu = "".join(
        f'<a class="menu__link" href="{language.prefix}/{rng.choice(list(language.sections))}/">'
        f"{item}</a>"
        for item in language.menu
    )
    comments = "\n".join(
        f'<div class="comment"><b class="comment__author">user{rng.randint(1, 9999)}</b> '
        f"<p>{escape(rng.choice(language.comments))}</p></div>"
        for _ in range(rng.randint(0, 12))
    )
    tags = " ".join(
        f'<a href="{language.prefix}/tag/{word}/">{word}</a>' for word in rng.sample(_SLUG_WORDS, 3)
    )
    share = " ".join(
        f'<a href="https://{net}/share?url={page.url}">{net}</a>'
        for net in ("t.me", "wa.me", "facebook.com", "vk.com", "x.com")
    )
    head = f"""<!DOCTYPE html>
<html lang="{language.code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - Dala Habar</title>
<meta name="description" content="{escape(lead)}">
<link rel="canonical" href="{page.url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(title)}">
<meta property="og:url" content="{page.url}">
<meta property="og:image" content="https://{HOST}/media/og/{rng.randint(1, 9999)}.jpg">
<meta property="article:section" content="{section_name}">
<script type="application/ld+json">{json_ld}</script>
<style>{_styles(rng, rng.randint(150, 350))}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}
gtag('js',new Date());gtag('config','G-DALA{rng.randint(1000, 9999)}');</script>
</head>
"""
    body = f"""<body class="page page--article">
<header class="header"><a class="logo" href="{language.prefix}/">Dala Habar</a>
<div class="header__lang"><a href="/">ҚАЗ</a> <a href="/ru/">РУС</a></div>
<form class="header__search" action="/search/"><input name="q" placeholder="{labels["search"]}">
</form><div class="header__currency">USD {rng.randint(440, 480)}.{rng.randint(10, 99)}</div>
<nav class="menu">{menu}</nav></header>
<main class="container"><div class="content">
<nav class="breadcrumbs"><a href="{language.prefix}/">{labels["home"]}</a> /
<a href="{language.prefix}/{section}/">{section_name}</a></nav>
<article class="article">
<h1 class="article__title">{escape(title)}</h1>
<div class="article__meta"><span class="article__date">{visible_date}</span>
<span class="article__author">{labels["author"]} {author}</span></div>
<div class="article__lead"><p>{escape(lead)}</p></div>
<figure class="article__image"><img src="/media/{rng.randint(1, 9999)}.jpg" alt="">
<figcaption>{labels["photo"]} Dala Habar</figcaption></figure>
<div class="article__body">
{chr(10).join(paragraphs)}
</div>
<div class="subscribe-banner">{labels["subscribe"]}</div>
<div class="article__tags">{tags}</div>
<div class="share"><span>{labels["share"]}</span> {share}</div>
</article>
<section class="related"><div class="related__title">{labels["related"]}</div>
<ul>{_link_list(rng, language, 8, "related")}</ul></section>
<section class="comments"><div class="comments__title">{labels["comments"]}</div>
{comments}</section>
</div>
<aside class="sidebar"><div class="sidebar__title">{labels["popular"]}</div>
<ul class="popular">{_link_list(rng, language, 10, "popular")}</ul>
<div class="banner" data-ad="side">&nbsp;</div>
<div class="sidebar__title">{labels["latest"]}</div>
<ul class="latest">{_link_list(rng, language, rng.randint(20, 60), "latest")}</ul></aside>
</main>
<footer class="footer"><div class="footer__menu">{menu}</div>
<p class="footer__copy">© 2015–2024 Dala Habar. {labels["rights"]}</p></footer>
"""
    target = rng.randint(60_000, 120_000)
    size = len(head.encode()) + len(body.encode())
    entries = max(0, (target - size) // 230)
    state = _state(rng, language, entries)
    return (f"{head}{body}<script>window.__STATE__={state};</script>\n"
            '<script src="/static/app.js" defer></script>\n</body>\n</html>\n')
