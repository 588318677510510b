"""Language of an article's text: Russian, Kazakh or English."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newscrawl.outlets.base import SUPPORTED_LANGUAGES

_SAMPLE_CHARS = 3000
_MIN_CHARS = 20


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(SUPPORTED_LANGUAGES))
    return identifier


def detect_language(text: str, fallback: str | None = None) -> str | None:
    """ISO 639-1 code of ``text`` among ru, kk and en.

    Text too short to judge gives ``fallback`` (the page's declared language) when that
    is one of the three, else None.
    """
    sample = text[:_SAMPLE_CHARS].strip()
    if len(sample) < _MIN_CHARS:
        declared = (fallback or "").split("-")[0].lower()
        return declared if declared in SUPPORTED_LANGUAGES else None
    language, _ = _identifier().classify(sample)
    return language
