"""The dataset card: ``README.md`` in the Hugging Face convention (YAML header, then prose).

What the card says of the crawl comes from the runs' own records (``<run file>.run.json``);
a run file without one is counted as unknown, never described by the project's defaults.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newscrawl.core.version import __version__
from newscrawl.crawler.extensions.output import RUN_SETTINGS
from newscrawl.export.columns import SCHEMA, features
from newscrawl.export.index import describe_reasons
from newscrawl.export.runs import (
    recorded,
    replayed,
    setting_values,
    source,
    unrecorded,
    window,
)
from newscrawl.outlets import OUTLETS

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from newscrawl.export.index import Filters, IndexCounts
    from newscrawl.export.runs import RunFile
    from newscrawl.export.stats import DatasetStats

_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
          (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"))
# Past this many run files the card sums the runs up per spider; runs.json lists them all.
RUN_TABLE_ROWS = 30
RUNS_FILE = "runs.json"
_MEANINGS = {
    "id": "stable row id: the UUID version 5 of `canonical_url` in the URL namespace (RFC 9562); "
          "the same in every export and every revision of the article",
    "url": "the live URL the page was fetched from",
    "canonical_url": "canonical form of the page's rel=canonical (or URL); unique in the dataset",
    "outlet": "outlet profile name, or the registered domain for sites without a profile",
    "language": "ISO 639-1 code detected from the text (ru, kk, en)",
    "title": "headline",
    "lead": "standfirst, if the page has one",
    "body": "clean paragraphs joined by blank lines",
    "authors": "bylines (personal data: see below)",
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
    "archive": "null for a page fetched live; for a page read from an archive, the capture: "
               "source (commoncrawl, wayback, ccnews), collection or 14-digit timestamp, "
               "captured_at (= fetched_at), the URL as captured, WARC filename, offset, length",
}
# How the card names where pages were read (the ``archive`` object's ``source``).
_SOURCES = {
    "live": "the outlets' sites",
    "commoncrawl": "Common Crawl",
    "ccnews": "Common Crawl's CC-NEWS",
    "wayback": "the Wayback Machine",
}


@dataclass(frozen=True)
class CardInput:
    """Everything the card describes besides the rows' stats."""

    name: str
    data_format: str
    data_files: str
    filters: Filters
    counts: IndexCounts
    run_files: list[RunFile]
    exported: datetime
    authors: Sequence[str] = field(default_factory=tuple)


def size_category(rows: int) -> str:
    """The Hugging Face size category of ``rows`` rows."""
    return next((name for limit, name in _SIZES if rows < limit), "n>100M")


def render_card(stats: DatasetStats, card: CardInput) -> str:
    """The whole ``README.md``."""
    header = {
        "pretty_name": card.name,
        "language": stats.languages,
        "license": "other",
        "multilinguality": "multilingual" if len(stats.languages) > 1 else "monolingual",
        "size_categories": [size_category(stats.rows)],
        "source_datasets": ["original"],
        "task_categories": ["text-classification", "text-generation"],
        "tags": ["news", "kazakhstan", "russia"],
        "configs": [{"config_name": "default",
                     "data_files": [{"split": "train", "path": card.data_files}]}],
        "dataset_info": {
            "features": features(card.data_format),
            "splits": [{"name": "train", "num_bytes": stats.num_bytes,
                        "num_examples": stats.rows}],
            "download_size": stats.download_size,
            "dataset_size": stats.num_bytes,
        },
    }
    sections = [
        f"---\n{to_yaml(header)}---",
        f"# {card.name}",
        _summary(stats, card),
        "## Sources\n\n" + _sources(stats),
        "## Time span\n\n" + _time_span(stats, card),
        "## Articles per outlet and language\n\n" + _counts(stats),
        "![Articles over time per outlet](articles_per_day.png)",
        "## How it was collected\n\n" + _collection(stats, card),
        "## Crawl runs\n\n" + _runs(card.run_files),
        "## Crawl settings\n\n" + _settings(card.run_files),
        "## Fields\n\n" + _fields(card.data_format),
        "## Loading\n\n" + _loading(card.data_format, card.data_files),
        "## Limitations\n\n" + _limitations(stats, card),
        "## Personal data\n\n" + _personal_data(),
        "## Terms of use\n\n" + _terms(stats),
        "## Citation\n\n" + _citation(stats, card),
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


def _cell(value: Any) -> str:
    """A value inside a Markdown table cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _replayed(card: CardInput) -> int:
    return sum(map(replayed, recorded(card.run_files)))


def _summary(stats: DatasetStats, card: CardInput) -> str:
    outlets = ", ".join(stats.outlets) or "none"
    languages = ", ".join(stats.languages) or "none"
    text = (
        f"{stats.rows} news articles from {len(stats.outlets)} outlet(s) ({outlets}) in "
        f"{languages}, one row per article, as {card.data_format} files (`{card.data_files}`). "
        f"Exported on {card.exported.date().isoformat()} with newscrawl {__version__} from "
        f"{len(card.run_files)} crawl run file(s)."
    )
    runs = recorded(card.run_files)
    if replayed := _replayed(card):
        text += (f"\n\n**{replayed} of the {len(runs)} recorded crawl run(s) read pages from a "
                 "replay server (saved snapshots), not from the live sites.**")
    if missing := unrecorded(card.run_files):
        text += (f"\n\n{missing} of the {len(card.run_files)} run file(s) have no run record: "
                 "how those runs were made (source, window, settings) is unknown.")
    return text


def _sources(stats: DatasetStats) -> str:
    rows = ["| outlet | name | country | hosts | languages | articles |", "|---" * 6 + "|"]
    per_outlet = dict.fromkeys(stats.outlets, 0)
    for (outlet, _), count in stats.by_outlet_language.items():
        per_outlet[outlet] += count
    for outlet, count in per_outlet.items():
        profile = OUTLETS.get(outlet)
        if profile:
            hosts = ", ".join(profile.hosts)
            rows.append(f"| {outlet} | {_cell(profile.title)} | {profile.country} | {hosts} | "
                        f"{', '.join(profile.languages)} | {count} |")
        else:
            rows.append(f"| {_cell(outlet)} | (no profile: generic extraction) | | "
                        f"{_cell(outlet)} | | {count} |")
    rows += ["", "Where the pages were read (`archive.source`):", "",
             "| source | read from | articles |", "|---" * 3 + "|"]
    rows += [f"| {_cell(name)} | {_SOURCES.get(name, 'unknown')} | {count} |"
             for name, count in stats.by_source.most_common()]
    return "\n".join(rows)


def _time_span(stats: DatasetStats, card: CardInput) -> str:
    if stats.first and stats.last:
        days = (stats.last - stats.first).days + 1
        published = (f"Published from {stats.first.isoformat()} to {stats.last.isoformat()} "
                     f"({days} day(s)); {stats.undated} article(s) without a publication date.")
    else:
        published = f"No article has a publication date ({stats.undated} undated)."
    lines = [published]
    if stats.fetched_first and stats.fetched_last:
        lines.append(f"Fetched from {stats.fetched_first.isoformat()} to "
                     f"{stats.fetched_last.isoformat()}.")
    windows = Counter(window(run) for run in recorded(card.run_files))
    if windows:
        asked = "; ".join(f"{bounds} ({count} run(s))" for bounds, count in windows.most_common())
        lines.append(f"Publication windows the crawl runs asked for (`-a since`/`-a until`): "
                     f"{asked}.")
    if missing := unrecorded(card.run_files):
        lines.append(f"The windows of {missing} run file(s) without a run record are unknown.")
    if card.filters.since or card.filters.until:
        lines.append(f"This export keeps {_filter_window(card.filters)}.")
    lines.append("Parquet stores timestamps in UTC; JSON Lines and CSV keep the offset the page "
                 "gave.")
    return "\n".join(lines)


def _filter_window(filters: Filters) -> str:
    """The export's window in words: a bare date or local time is read per outlet."""
    parts = []
    for bound, words in ((filters.since, "on or after"), (filters.until, "on or before")):
        if bound:
            local = _local(bound)
            parts.append(f"articles published {words} {bound}"
                         f"{' (each outlet local time)' if local else ''}")
    return " and ".join(parts) + " (undated articles left out)"


def _local(bound: str) -> bool:
    """Whether a bound is a date or a time without an offset (read in each outlet's zone)."""
    return len(bound.strip()) == 10 or not re.search(r"(Z|[+-]\d\d:?\d\d)$", bound.strip())


def _counts(stats: DatasetStats) -> str:
    languages = sorted({language for _, language in stats.by_outlet_language})
    rows = [f"| outlet | {' | '.join(languages)} | total |", "|---" * (len(languages) + 2) + "|"]
    for outlet in stats.outlets:
        cells = [stats.by_outlet_language[outlet, language] for language in languages]
        rows.append(f"| {_cell(outlet)} | {' | '.join(map(str, cells))} | {sum(cells)} |")
    totals = [sum(stats.by_outlet_language[o, lang] for o in stats.outlets) for lang in languages]
    rows.append(f"| **total** | {' | '.join(map(str, totals))} | {stats.rows} |")
    return "\n".join(rows)


def _collection(stats: DatasetStats, card: CardInput) -> str:
    filters, counts = card.filters, card.counts
    chosen = []
    if filters.since or filters.until:
        chosen.append(_filter_window(filters))
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
        f"This dataset merges {len(card.run_files)} crawl run file(s) ({counts.lines} lines):",
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


def _runs(files: list[RunFile]) -> str:
    runs = recorded(files)
    missing = unrecorded(files)
    lines = [f"{len(files)} run file(s); {len(files) - missing} with a run record "
             f"(`<run file>.run.json`, written by the crawl) describing {len(runs)} run(s)."]
    if runs:
        for title, values in (
            ("Sources", Counter(map(source, runs))),
            ("newscrawl versions", Counter(str(run.get("newscrawl", "unknown")) for run in runs)),
        ):
            lines.append(f"{title}: " + ", ".join(f"{value} ({count} run(s))"
                                                  for value, count in values.most_common()) + ".")
    lines.append(f"Every run file and its record: [`{RUNS_FILE}`]({RUNS_FILE}).")
    lines.append("")
    if len(files) <= RUN_TABLE_ROWS:
        lines += _run_table(files)
    else:
        lines += _spider_table(files)
    return "\n".join(lines)


def _run_table(files: list[RunFile]) -> list[str]:
    rows = ["| run file | spider | source | started | finished | window | lines | newscrawl |",
            "|---" * 8 + "|"]
    for file in files:
        if file.runs is None:
            rows.append(f"| {_cell(file.name)} | unknown | unknown | unknown | unknown | "
                        "unknown | unknown | unknown |")
        for run in file.runs or []:
            rows.append("| " + " | ".join(_cell(value) for value in (
                file.name, run.get("spider", "unknown"), source(run),
                run.get("started_at") or "unknown", run.get("finished_at") or "unknown",
                window(run), run.get("lines", "unknown"),
                run.get("newscrawl", "unknown"),
            )) + " |")
    return rows


def _spider_table(files: list[RunFile]) -> list[str]:
    per_spider: dict[str, list[dict[str, Any]]] = {}
    for run in recorded(files):
        per_spider.setdefault(str(run.get("spider", "unknown")), []).append(run)
    rows = ["| spider | runs | first started | last finished | sources | lines |",
            "|---" * 6 + "|"]
    for spider, runs in sorted(per_spider.items()):
        started = [run["started_at"] for run in runs if run.get("started_at")]
        finished = [run["finished_at"] for run in runs if run.get("finished_at")]
        sources = ", ".join(sorted(set(map(source, runs))))
        lines = sum(run.get("lines") or 0 for run in runs)
        rows.append(f"| {_cell(spider)} | {len(runs)} | {min(started, default='unknown')} | "
                    f"{max(finished, default='unknown')} | {_cell(sources)} | {lines} |")
    if missing := unrecorded(files):
        rows.append(f"| unknown (no run record) | {missing} file(s) | unknown | unknown | "
                    "unknown | unknown |")
    return rows


def _settings(files: list[RunFile]) -> str:
    runs = recorded(files)
    missing = unrecorded(files)
    if not runs:
        return (f"Unknown: none of the {len(files)} run file(s) has a run record, so the "
                "settings the runs used were not recorded.")
    values = setting_values(files)
    lines = [f"As the {len(runs)} recorded run(s) had them"
             + (f"; unknown for the {missing} run file(s) without a record" if missing else "")
             + ":", ""]
    for name in RUN_SETTINGS:
        counted = values[name].most_common()
        if len(counted) == 1:
            lines.append(f"- `{name}`: `{counted[0][0]}`")
        else:
            lines.append(f"- `{name}`: " + ", ".join(f"`{value}` ({count} run(s))"
                                                      for value, count in counted))
    return "\n".join(lines)


def _fields(data_format: str) -> str:
    types = {feature["name"]: feature.get("dtype")
             or (f"list of {feature['list']}" if "list" in feature else "struct")
             for feature in features(data_format)}
    rows = ["| field | type | meaning |", "|---|---|---|"]
    rows += [f"| `{name}` | {types[name]} | {_MEANINGS[name]} |" for name in SCHEMA.names]
    if data_format == "csv":
        rows.append("\nIn CSV, lists are JSON arrays, `archive` is a JSON object and null "
                    "is an empty cell.")
    return "\n".join(rows)


def _loading(data_format: str, data_files: str) -> str:
    builder = {"parquet": "parquet", "jsonl": "json", "csv": "csv"}[data_format]
    lines = [
        "```python",
        "from datasets import load_dataset",
        'articles = load_dataset(".", split="train")  # in this folder, as this card declares',
        f'articles = load_dataset("{builder}", data_files="{data_files}", split="train")',
    ]
    lines.append('frame = articles.to_pandas().astype({"revision": "Int32"})  # else float64')
    if data_format == "parquet":
        lines += ["", "import pandas as pd",
                  'frame = pd.read_parquet("data")  # revision as nullable Int32']
    lines.append("```")
    return "\n".join(lines)


def _limitations(stats: DatasetStats, card: CardInput) -> str:
    items = [
        "**Coverage.** The dataset holds what the crawl runs found through each outlet's "
        "sitemaps, feeds and listing pages (as robots.txt allowed) during their runs and "
        "windows. It is not a complete archive of any outlet, outlets were crawled over "
        "different periods (see Crawl runs), and the counts compare crawls, not how much "
        "each outlet publishes. The outlets are a selection, not a sample of the Kazakh or "
        "Russian press.",
        "**Extraction.** Text is extracted automatically: some articles keep boilerplate or "
        "lose a paragraph, and captions, embeds and reader comments are left out. Dates come "
        "from the page's structured data when it has them, else from its visible text; "
        f"{stats.undated} article(s) have no publication date.",
        "**Language.** `language` is detected from the text; short or mixed Kazakh and "
        "Russian texts can be labelled wrongly.",
        "**Revisions.** Only the latest version of an article the runs saw is kept; earlier "
        "versions are not in the dataset.",
        f"**Duplicates.** {stats.near_duplicates} article(s) are marked in `duplicate_of` as "
        "copies or near-copies of another; copies the crawl did not compare (for example "
        "across runs without a shared crawl state) can remain.",
    ]
    if replayed := _replayed(card):
        items.append(f"**Replayed runs.** {replayed} run(s) read saved snapshots from a replay "
                     "server: their articles show the pages as saved, and `fetched_at` is the "
                     "time of the replay.")
    if missing := unrecorded(card.run_files):
        items.append(f"**Unrecorded runs.** {missing} run file(s) have no run record: their "
                     "source, window and settings are unknown.")
    return "\n".join(f"- {item}" for item in items)


def _personal_data() -> str:
    return (
        "Articles name people, and `authors` holds journalists' bylines: both are personal data "
        "under data-protection laws such as the EU GDPR, Kazakhstan's Law on Personal Data and "
        "Their Protection and Russia's Federal Law No. 152-FZ \"On Personal Data\". The outlets "
        "published these texts, but keeping, sharing or analysing them can still need a legal "
        "basis. Leave `authors` out when you do not need it, do not use the dataset to profile "
        "individuals, and remove an article when a person asks and the law requires it. Reader "
        "comments and user accounts were not collected."
    )


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


def _citation(stats: DatasetStats, card: CardInput) -> str:
    year = card.exported.year
    key = re.sub(r"[^a-z0-9]+", "_", card.name.lower()).strip("_") or "newscrawl_dataset"
    span = (f"published {stats.first.date().isoformat()} to {stats.last.date().isoformat()}, "
            if stats.first and stats.last else "")
    fields = {
        "title": card.name,
        "author": " and ".join(card.authors),
        "year": str(year),
        "howpublished": f"Dataset of {stats.rows} news articles built with newscrawl "
                        f"{__version__}",
        "note": f"{len(stats.outlets)} outlet(s) ({', '.join(stats.outlets)}); {span}"
                f"exported {card.exported.date().isoformat()}",
    }
    entry = ",\n".join([*(f"  {name:<12} = {{{_bibtex(value)}}}"
                         for name, value in fields.items() if value),
                       # BibTeX's own month macros (jan … dec) are written without braces.
                       f"  {'month':<12} = {card.exported.strftime('%b').lower()}"])
    software = ",\n".join([
        "  title        = {newscrawl: a crawler for Kazakh and Russian news}",
        f"  version      = {{{__version__}}}",
        "  howpublished = {\\url{https://github.com/newscrawl/newscrawl}}",
    ])
    return "\n".join([
        "Cite the dataset"
        + ("" if card.authors else " (its compilers are not recorded: `newscrawl export "
           "--author NAME` adds them)")
        + ", and the tool that built it:",
        "",
        "```bibtex",
        f"@misc{{{key}_{year},\n{entry}\n}}",
        "",
        f"@misc{{newscrawl_{__version__.replace('.', '_')},\n{software}\n}}",
        "```",
    ])


_LATEX = {"\\": "\\textbackslash{}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}"}


def _bibtex(value: str) -> str:
    """Text inside a BibTeX field: LaTeX's special characters escaped."""
    return re.sub(r"[\\{}&%$#_~^]", lambda m: _LATEX.get(m[0], "\\" + m[0]), value)
