"""The dataset card: ``README.md`` in the Hugging Face convention (YAML header, then prose)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from newscrawl.core.version import __version__
from newscrawl.crawler import settings as crawl_settings
from newscrawl.export.columns import SCHEMA, features
from newscrawl.export.index import describe_reasons
from newscrawl.outlets import OUTLETS

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.export.index import Filters, IndexCounts
    from newscrawl.export.stats import DatasetStats

_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
          (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"))
_SETTINGS = ("USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS",
             "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
             "AUTOTHROTTLE_TARGET_CONCURRENCY", "AUTOTHROTTLE_MAX_DELAY", "DOWNLOAD_TIMEOUT",
             "RETRY_TIMES", "RETRY_HTTP_CODES")
_MEANINGS = {
    "url": "the live URL the page was fetched from",
    "canonical_url": "canonical form of the page's rel=canonical (or URL); unique in the dataset",
    "outlet": "outlet profile name, or the registered domain for sites without a profile",
    "language": "ISO 639-1 code detected from the text (ru, kk, en)",
    "title": "headline",
    "lead": "standfirst, if the page has one",
    "body": "clean paragraphs joined by blank lines",
    "authors": "bylines",
    "published_at": "publication time",
    "modified_at": "last modification time, if the page gives one",
    "section": "the outlet's section",
    "tags": "the outlet's tags",
    "image_url": "lead image",
    "fetched_at": "when the page was fetched",
    "content_hash": "SHA-256 of the case- and space-folded body",
    "word_count": "words in the body",
    "revision": "revision of the article when a later crawl saw it changed (null: first seen)",
    "duplicate_of": "canonical URL of the article this one nearly or exactly repeats, if any",
}


def size_category(rows: int) -> str:
    """The Hugging Face size category of ``rows`` rows."""
    return next((name for limit, name in _SIZES if rows < limit), "n>100M")


def render_card(
    stats: DatasetStats,
    counts: IndexCounts,
    filters: Filters,
    *,
    name: str,
    data_format: str,
    data_files: str,
    runs: list[Path],
) -> str:
    """The whole ``README.md``."""
    header = {
        "pretty_name": name,
        "language": stats.languages,
        "license": "other",
        "multilinguality": "multilingual" if len(stats.languages) > 1 else "monolingual",
        "size_categories": [size_category(stats.rows)],
        "source_datasets": ["original"],
        "task_categories": ["text-classification", "text-generation"],
        "tags": ["news", "kazakhstan", "russia"],
        "configs": [
            {"config_name": "default", "data_files": [{"split": "train", "path": data_files}]}
        ],
        "dataset_info": {
            "features": features(data_format),
            "splits": [{"name": "train", "num_examples": stats.rows}],
        },
    }
    sections = [
        f"---\n{to_yaml(header)}---",
        f"# {name}",
        _summary(stats, data_format, data_files),
        "## Sources\n\n" + _sources(stats),
        "## Time span\n\n" + _time_span(stats),
        "## Articles per outlet and language\n\n" + _counts(stats),
        "![Articles per day per outlet](articles_per_day.png)",
        "## How it was collected\n\n" + _collection(stats, counts, filters, runs),
        "## Crawl settings\n\n" + _settings(),
        "## Terms of use\n\n" + _terms(stats),
        "## Fields\n\n" + _fields(data_format),
        "## Loading\n\n" + _loading(data_format, data_files),
    ]
    return "\n\n".join(sections) + "\n"


def to_yaml(value: Any, indent: int = 0) -> str:
    """Block-style YAML for dicts, lists and scalars; strings are JSON-quoted (valid YAML)."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:\n{to_yaml(item, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}\n")
        return "".join(lines)
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, (dict, list)) and item:
                nested = to_yaml(item, indent + 2)
                lines.append(f"{pad}- {nested[indent + 2:]}")
            else:
                lines.append(f"{pad}- {_scalar(item)}\n")
        return "".join(lines)
    return f"{pad}{_scalar(value)}\n"


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(str(value), ensure_ascii=False)


def _summary(stats: DatasetStats, data_format: str, data_files: str) -> str:
    outlets = ", ".join(stats.outlets) or "none"
    languages = ", ".join(stats.languages) or "none"
    return (
        f"{stats.rows} news articles from {len(stats.outlets)} outlet(s) ({outlets}) in "
        f"{languages}, one row per article, as {data_format} files (`{data_files}`). "
        f"Built with newscrawl {__version__}."
    )


def _sources(stats: DatasetStats) -> str:
    rows = ["| outlet | name | country | hosts | languages | articles |", "|---" * 6 + "|"]
    per_outlet = dict.fromkeys(stats.outlets, 0)
    for (outlet, _), count in stats.by_outlet_language.items():
        per_outlet[outlet] += count
    for outlet, count in per_outlet.items():
        profile = OUTLETS.get(outlet)
        if profile:
            hosts = ", ".join(profile.hosts)
            rows.append(f"| {outlet} | {profile.title} | {profile.country} | {hosts} | "
                        f"{', '.join(profile.languages)} | {count} |")
        else:
            rows.append(f"| {outlet} | (no profile: generic extraction) | | {outlet} | | {count} |")
    return "\n".join(rows)


def _time_span(stats: DatasetStats) -> str:
    if not (stats.first and stats.last):
        return f"No article has a publication date ({stats.undated} undated)."
    days = (stats.last - stats.first).days + 1
    return (
        f"Published from {stats.first.isoformat()} to {stats.last.isoformat()} "
        f"({days} day(s)); {stats.undated} article(s) without a publication date. "
        "Parquet stores timestamps in UTC; JSON Lines and CSV keep the offset the page gave."
    )


def _counts(stats: DatasetStats) -> str:
    languages = sorted({language for _, language in stats.by_outlet_language})
    rows = [f"| outlet | {' | '.join(languages)} | total |", "|---" * (len(languages) + 2) + "|"]
    for outlet in stats.outlets:
        cells = [stats.by_outlet_language[outlet, language] for language in languages]
        rows.append(f"| {outlet} | {' | '.join(map(str, cells))} | {sum(cells)} |")
    totals = [sum(stats.by_outlet_language[o, lang] for o in stats.outlets) for lang in languages]
    rows.append(f"| **total** | {' | '.join(map(str, totals))} | {stats.rows} |")
    return "\n".join(rows)


def _collection(
    stats: DatasetStats, counts: IndexCounts, filters: Filters, runs: list[Path]
) -> str:
    chosen = []
    if filters.since:
        chosen.append(f"published at or after {filters.since.isoformat()}")
    if filters.until:
        chosen.append(f"published before {filters.until.isoformat()}")
    if filters.outlets:
        chosen.append(f"outlets {', '.join(sorted(filters.outlets))}")
    if filters.languages:
        chosen.append(f"languages {', '.join(sorted(filters.languages))}")
    if filters.min_words:
        chosen.append(f"at least {filters.min_words} words")
    near = (
        "dropped" if filters.drop_near_duplicates
        else f"kept and marked in `duplicate_of` ({stats.near_duplicates} in the dataset)"
    )
    return "\n".join([
        "Each outlet was crawled with [newscrawl](https://github.com/newscrawl/newscrawl), a "
        "Scrapy project: robots.txt, then the outlet's sitemaps, RSS feeds and paginated "
        "listings lead to article pages; the body is extracted with trafilatura, exact dates, "
        "authors and section come from the page's JSON-LD and meta tags; the language is "
        "detected from the text. Items that break the article schema are dropped, and each "
        "crawl run writes an article once (canonical URL and body).",
        "",
        f"This dataset merges {len(runs)} crawl run file(s) ({counts.lines} lines):",
        "",
        f"- {counts.invalid} unreadable line(s) skipped"
        f"{describe_reasons(counts.invalid_by_reason)};",
        *_rejected(counts),
        f"- {counts.superseded} line(s) repeating an article already read (same canonical URL), "
        "resolved to its latest revision (highest `revision`, then latest `fetched_at`);",
        f"- {counts.copies} article(s) whose body repeats an earlier article under another URL, "
        f"and near-duplicates marked by the crawl: {near};",
        f"- filters: {'; '.join(chosen) or 'none'}.",
    ])


def _rejected(counts: IndexCounts) -> list[str]:
    if not counts.rejected:
        return []
    return [
        f"- {counts.rejected} line(s) skipped as not valid articles"
        f"{describe_reasons(counts.rejected_by_reason)}: an article must match the article "
        "schema, be fetched from 1990 to now, published and modified from 1990 to a day after "
        "its fetch, and hold integers of 32 bits and text UTF-8 can encode;"
    ]


def _settings() -> str:
    lines = [f"- `{name}`: `{getattr(crawl_settings, name)!r}`" for name in _SETTINGS]
    return "Project defaults (a run may override them with `-s NAME=VALUE`):\n\n" + "\n".join(lines)


def _terms(stats: DatasetStats) -> str:
    lines = []
    for outlet in stats.outlets:
        profile = OUTLETS.get(outlet)
        terms = profile.terms if profile and profile.terms else (
            "Not recorded: check the site's terms of use before redistributing its texts."
        )
        lines.append(f"- **{outlet}**: {terms}")
    return (
        "The article texts belong to their outlets. This card's licence is `other`: the "
        "dataset is meant for research, and each outlet's terms apply.\n\n" + "\n".join(lines)
    )


def _fields(data_format: str) -> str:
    types = {feature["name"]: feature.get("dtype") or f"list of {feature['list']}"
             for feature in features(data_format)}
    rows = ["| field | type | meaning |", "|---|---|---|"]
    rows += [f"| `{name}` | {types[name]} | {_MEANINGS[name]} |" for name in SCHEMA.names]
    if data_format == "csv":
        rows.append("\nIn CSV, lists are JSON arrays and null is an empty cell.")
    return "\n".join(rows)


def _loading(data_format: str, data_files: str) -> str:
    builder = {"parquet": "parquet", "jsonl": "json", "csv": "csv"}[data_format]
    lines = [
        "```python",
        "from datasets import load_dataset",
        f'articles = load_dataset("{builder}", data_files="{data_files}", split="train")',
    ]
    if data_format == "parquet":
        lines += ["", "import pandas as pd", 'frame = pd.read_parquet("data")']
    lines.append("```")
    return "\n".join(lines)
