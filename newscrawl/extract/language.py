"""Language of an article's text: Russian, Kazakh or English."""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newscrawl.core.profile import SUPPORTED_LANGUAGES

# Enough to tell the three apart: on the snapshot pages, 500 characters decide as 3,000 do.
_SAMPLE_CHARS = 1000
_MIN_CHARS = 20
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@cache
def _identifier() -> LanguageIdentifier:
    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(sorted(SUPPORTED_LANGUAGES))
    # A fresh identifier over the three languages' columns alone: ``full`` keeps the whole
    # model (~28 MB) alive for a later set_languages(), in every extraction worker.
    return LanguageIdentifier(
        full.nb_ptc, full.nb_pc, full.nb_classes, full.tk_nextmove, full.tk_output,
        norm_probs=True, tk_row=full.tk_row,
    )


def detect_language(text: str, fallback: str | None = None) -> str | None:
    """ISO 639-1 code of ``text`` among ru, kk and en.

    Text too short to judge gives ``fallback`` (the page's declared language) when that
    is one of the three, else None. Text without a Cyrillic letter is English: of the three,
    only English is written without one (the model reads Latin-script Kazakh as English too).
    """
    sample = text[:_SAMPLE_CHARS].strip()
    if len(sample) < _MIN_CHARS:
        declared = (fallback or "").split("-")[0].lower()
        return declared if declared in SUPPORTED_LANGUAGES else None
    if not _CYRILLIC.search(sample):
        return "en"
    language, _ = _identifier().classify(sample)
    return language
