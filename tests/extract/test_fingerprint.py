"""Near-duplicate detection on pairs written for the purpose (tests/neardup/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.extract.fingerprint import (
    LSH_BANDS,
    LSH_ROWS,
    LSH_WEIGHTS,
    NUM_PERM,
    THRESHOLD,
    Fingerprinted,
    band_keys,
    fingerprint,
    fingerprint_of,
    shingles,
    signature,
    similarities,
    with_fields,
)
from newscrawl.state.sqlite import SqliteCrawlState
from newscrawl.state.store import StoredArticle

PAIRS = Path(__file__).parent / "neardup"


def text(name: str) -> str:
    return (PAIRS / f"{name}.txt").read_text("utf-8")


@pytest.mark.parametrize(
    ("original", "copy"),
    [("ru_agency", "ru_agency_copy"), ("kk_story", "kk_story_copy")],
)
def test_a_lightly_edited_copy_is_a_near_duplicate(original: str, copy: str) -> None:
    first, second = signature(text(original)), signature(text(copy))
    assert similarities(first, [second])[0] >= THRESHOLD
    assert set(band_keys(first)) & set(band_keys(second))


@pytest.mark.parametrize(
    ("story", "other"),
    [("ru_agency", "ru_same_topic"), ("kk_story", "kk_same_topic"), ("ru_agency", "kk_story")],
)
def test_another_story_on_the_same_topic_is_not(story: str, other: str) -> None:
    first, second = signature(text(story)), signature(text(other))
    assert similarities(first, [second])[0] < THRESHOLD
    assert not set(band_keys(first)) & set(band_keys(second))


@pytest.mark.parametrize("name", ["ru_agency", "kk_story_copy", "empty", "short"])
def test_signature_is_datasketchs_minhash(name: str) -> None:
    from datasketch import MinHash

    made_up = {"empty": "", "short": "Два слова"}
    body = made_up[name] if name in made_up else text(name)
    reference = MinHash(num_perm=NUM_PERM, seed=1)
    reference.update_batch([shingle.encode("utf-8") for shingle in shingles(body)])
    assert signature(body) == reference.hashvalues.astype("<u4").tobytes()


def test_bands_are_datasketchs_optimum_for_the_threshold() -> None:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS)


def test_shingles_ignore_case_punctuation_and_yo() -> None:
    assert shingles("Ещё один, ДЕНЬ!") == shingles("еще один день")
    assert shingles("один два три четыре") == {"один два три", "два три четыре"}


def test_the_state_finds_a_copy_among_stored_articles(tmp_path: Path) -> None:
    state = SqliteCrawlState(tmp_path)
    for name in ("ru_agency", "ru_same_topic", "kk_same_topic"):
        sig = signature(text(name))
        article = StoredArticle(
            f"https://example.kz/{name}/", f"https://example.kz/{name}/", "example",
            name.ljust(64, "0"), 1, "2024-03-25T10:00:00+00:00", None, sig,
        )
        state.add_article(article, [article.url], band_keys(sig))
    found = state.candidates(band_keys(signature(text("ru_agency_copy"))))
    assert [article.canonical_url for article in found] == ["https://example.kz/ru_agency/"]
    state.close()


def test_an_item_carries_its_fingerprint_outside_its_fields() -> None:
    body = text("ru_agency")
    fields = {"url": "https://aqnews.kz/ru/a/", "body": body}
    item = Fingerprinted(fields, fingerprint(body))
    assert item == fields
    assert json.dumps(item) == json.dumps(fields)
    assert item.fingerprint == (signature(body), band_keys(signature(body)))
    assert fingerprint_of(item, "another body") == item.fingerprint
    assert fingerprint_of(fields, body) == item.fingerprint
    marked = with_fields(item, {**item, "duplicate_of": "https://www.inform.kz/ru/a1"})
    assert isinstance(marked, Fingerprinted)
    assert marked.fingerprint == item.fingerprint
    assert type(with_fields(fields, {**fields, "revision": 2})) is dict
