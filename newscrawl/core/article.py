"""Article: the one item newscrawl produces, and its JSON Schema validation."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import fastjsonschema
from jsonschema import Draft202012Validator

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


@dataclass
class Article:
    """One news article; itemadapter-compatible, field for field the JSON Schema's."""

    url: str
    canonical_url: str
    outlet: str
    language: str | None
    title: str
    lead: str | None
    body: str
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    modified_at: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    fetched_at: str = ""
    content_hash: str = ""
    word_count: int = 0
    # Where an archived page was read (source, collection or timestamp, capture time, WARC
    # record); None for a page fetched live.
    archive: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The article as a JSON object, field for field as a run's JSON Lines file has it
        (``archive`` only for a page read from an archive)."""
        data = asdict(self)
        if data["archive"] is None:
            del data["archive"]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """The article of a JSON object (:meth:`to_dict`, or a line of a run's file).

        The schema's optional marks that are not fields (``revision``, ``duplicate_of``) are
        left out; any other unknown key, or a missing field, raises TypeError.
        """
        names = {item.name for item in fields(cls)}
        if unknown := set(data) - names - set(article_schema()["properties"]):
            raise TypeError(f"not Article fields: {', '.join(sorted(unknown))}")
        return cls(**{key: value for key, value in data.items() if key in names})


@cache
def article_schema() -> dict[str, Any]:
    """The Article JSON Schema shipped with the package."""
    return json.loads(files("newscrawl").joinpath("schema/article.schema.json").read_text("utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(
        article_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def _fast_check() -> Callable[[dict[str, Any]], Any]:
    # The schema compiled to Python, ~20x faster than jsonschema on a valid item; its formats
    # are checked by jsonschema's own format checkers, so that both accept the same items.
    checker = Draft202012Validator.FORMAT_CHECKER
    formats = {
        name: (lambda value, name=name: checker.conforms(value, name))
        for name in ("uri", "date-time")
    }
    return fastjsonschema.compile(article_schema(), formats=formats)


def schema_errors(item: dict[str, Any]) -> list[str]:
    """Why ``item`` is not a valid Article: one short line per problem, empty when valid."""
    try:
        _fast_check()(item)
    except fastjsonschema.JsonSchemaValueException:
        pass  # jsonschema names every problem below
    else:
        return []
    errors = sorted(_validator().iter_errors(item), key=lambda error: list(error.path))
    return [
        f"{'.'.join(map(str, error.path)) or '(item)'}: {error.message[:200]}" for error in errors
    ]


def valid_field(name: str, value: Any) -> bool:
    """Whether ``value`` is valid as the Article field ``name`` on its own."""
    return _field_validator(name).is_valid(value)


@cache
def _field_validator(name: str) -> Draft202012Validator:
    schema = article_schema()
    return Draft202012Validator(
        _inlined(schema["properties"][name], schema["$defs"]),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _inlined(schema: Any, definitions: dict[str, Any]) -> Any:
    """``schema`` with each ``{"$ref": "#/$defs/<name>"}`` replaced by the definition."""
    if isinstance(schema, list):
        return [_inlined(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if set(schema) == {"$ref"}:
        return _inlined(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    return {key: _inlined(value, definitions) for key, value in schema.items()}


def error_field(message: str) -> str:
    """The field a :func:`schema_errors` line is about, for stats counters."""
    return message.split(":", 1)[0].split(".", 1)[0].strip("()") or "item"
