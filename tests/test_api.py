"""The Python API: ``import newscrawl`` is cheap; extract, crawl (many times in one process),
profiles; a crawl's child process ends with its generator or with its parent."""

from __future__ import annotations

import doctest
import gc
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path

import pytest

import newscrawl
from newscrawl import api
from newscrawl.core.article import Article, schema_errors
from newscrawl.outlets import OUTLETS
from tests.golden_pages import FETCHED_AT, PAGES, golden_path, page_text

HEAVY = ("scrapy", "twisted", "trafilatura", "jsonschema", "lxml", "dateparser")
# Extraction in the crawl process: no worker pool to start.
IN_PROCESS = {"NEWSCRAWL_EXTRACTION_WORKERS": 0}


def crawl_children() -> list[int]:
    """The crawl processes :func:`newscrawl.crawl` started from this process, alive."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except FileNotFoundError:
                continue
            if b"newscrawl.api" in command and _alive(int(pid)):
                found.append(int(pid))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def gone(pids: list[int], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_import_loads_no_crawl_or_extraction_library() -> None:
    code = (
        "import sys, newscrawl; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:])))"
    )
    result = subprocess.run([sys.executable, "-c", code, *HEAVY],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_names_load_on_first_use() -> None:
    assert newscrawl.Article is Article
    assert newscrawl.extract_article is api.extract_article
    assert {"crawl", "extract_article", "profiles", "Article", "NotAnArticle"} <= set(
        dir(newscrawl))
    with pytest.raises(AttributeError):
        newscrawl.no_such_name  # noqa: B018


def run_examples(function: object) -> doctest.TestResults:
    """Run the ``>>>`` examples of ``function``'s docstring."""
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(function, globs=dict(vars(api))):
        runner.run(test)
    return runner.summarize(verbose=False)


def test_the_extraction_example_runs() -> None:
    result = run_examples(api.extract_article)
    assert (result.failed, result.attempted) == (0, 5)


@pytest.mark.e2e
def test_the_crawl_example_runs_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_examples(api.crawl)
    assert (result.failed, result.attempted) == (0, 2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("outlet", "url", "file"),
                         [page for page in PAGES if page[0] in ("aqnews", "kapital")][:6])
def test_extract_article_gives_the_golden_article(outlet: str, url: str, file: Path) -> None:
    golden = json.loads(golden_path(outlet, url).read_text("utf-8"))
    if "not_an_article" in golden:
        with pytest.raises(newscrawl.NotAnArticle) as refusal:
            newscrawl.extract_article(page_text(url), url, fetched_at=FETCHED_AT)
        assert refusal.value.reason == golden["not_an_article"]
        return
    article = newscrawl.extract_article(page_text(url), url, fetched_at=FETCHED_AT)
    assert isinstance(article, Article)
    assert {key: value for key, value in article.to_dict().items() if key in golden} == golden
    assert newscrawl.extract_article(file.read_bytes(), url, fetched_at=FETCHED_AT) == article


def test_extract_article_takes_an_outlet_and_a_naive_time() -> None:
    _, url, file = next(page for page in PAGES if "/sayasat/" in page[1])
    html = file.read_text("utf-8")
    article = newscrawl.extract_article(html, url, outlet="aqnews",
                                        fetched_at=datetime(2024, 3, 28, 9))
    assert (article.outlet, article.fetched_at) == ("aqnews", "2024-03-28T09:00:00+00:00")
    generic = newscrawl.extract_article(html, "https://example.kz/news/12345-article")
    assert generic.outlet != "aqnews"
    before = datetime.now(timezone.utc).replace(microsecond=0)
    assert datetime.fromisoformat(generic.fetched_at) >= before
    with pytest.raises(KeyError, match="unknown outlet"):
        newscrawl.extract_article(html, url, outlet="nosuch")


def test_article_round_trips_through_a_dict() -> None:
    _, url, file = next(page for page in PAGES if "/sayasat/" in page[1])
    article = newscrawl.extract_article(file.read_bytes(), url, fetched_at=FETCHED_AT)
    data = article.to_dict()
    assert list(data) == [field.name for field in fields(Article) if field.name != "archive"]
    assert schema_errors(data) == []
    assert Article.from_dict(data) == article
    assert Article.from_dict({**data, "revision": 2, "duplicate_of": url}) == article
    with pytest.raises(TypeError, match="nosuch"):
        Article.from_dict({**data, "nosuch": 1})
    with pytest.raises(TypeError):
        Article.from_dict({key: value for key, value in data.items() if key != "title"})


def test_profiles_are_the_outlets() -> None:
    profiles = newscrawl.profiles()
    assert profiles == OUTLETS
    profiles.clear()
    assert newscrawl.profiles() == OUTLETS


def test_crawl_refuses_what_it_cannot_do() -> None:
    with pytest.raises(KeyError, match="nosuch"):
        newscrawl.crawl(["aqnews", "nosuch"])
    with pytest.raises(ValueError, match="at least 1"):
        newscrawl.crawl("aqnews", max_articles=0)
    # Outlets of extra profile modules are known once the crawl process loads them.
    articles = newscrawl.crawl("nosuch", replay=True, settings={"NEWSCRAWL_PROFILES": []})
    with pytest.raises(newscrawl.CrawlError, match="unknown outlet 'nosuch'; known: aqnews"):
        next(articles)
    assert crawl_children() == []


def _same(article: Article) -> tuple[str, str, str | None]:
    # Which of two copies of one body a crawl keeps depends on which is fetched first.
    return article.content_hash, article.title, article.published_at


def test_crawl_runs_twice_in_one_process_and_yields_the_same_articles() -> None:
    first = list(newscrawl.crawl(["aqnews"], replay=True, settings=IN_PROCESS))
    second = list(newscrawl.crawl("aqnews", replay=True, settings=IN_PROCESS))
    assert len(first) >= 8
    assert all(isinstance(article, Article) for article in first)
    assert all(schema_errors(article.to_dict()) == [] for article in first)
    assert sorted(map(_same, first)) == sorted(map(_same, second))
    assert {article.outlet for article in first} == {"aqnews"}
    assert crawl_children() == []


@pytest.mark.e2e
def test_closing_or_dropping_the_generator_ends_its_crawl() -> None:
    articles = newscrawl.crawl("aqnews", replay=True, settings=IN_PROCESS)
    assert crawl_children() == []
    next(articles)
    children = crawl_children()
    assert len(children) == 1
    articles.close()
    assert gone(children, seconds=2)
    articles = newscrawl.crawl("aqnews", replay=True, settings=IN_PROCESS)
    next(articles)
    children = crawl_children()
    del articles
    gc.collect()
    assert gone(children, seconds=2)


@pytest.mark.e2e
def test_the_crawl_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    script = (
        "import os, sys, time, newscrawl\n"
        "articles = newscrawl.crawl('aqnews', replay=True)\n"
        "next(articles)\n"
        "print('started', flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline() == "started\n"
        children = [int(pid) for task in Path(f"/proc/{parent.pid}/task").iterdir()
                    for pid in (task / "children").read_text().split()]
        assert children
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert gone(children)
    finally:
        parent.kill()
        parent.wait()


@pytest.mark.e2e
def test_crawl_reads_an_archive_the_replay_plays() -> None:
    live = list(newscrawl.crawl("aqnews", replay=True, settings=IN_PROCESS))
    archived = list(newscrawl.crawl("aqnews", source="wayback", replay=True, settings=IN_PROCESS))
    assert sorted(article.content_hash for article in archived) == sorted(
        article.content_hash for article in live
    )
    assert all(article.archive is None for article in live)
    for article in archived:
        assert article.archive is not None
        assert article.archive["source"] == "wayback"
        assert article.fetched_at == article.archive["captured_at"]
    with pytest.raises(newscrawl.CrawlError, match="unknown source 'nosuch'"):
        next(newscrawl.crawl("aqnews", source="nosuch", replay=True))
    assert crawl_children() == []
