"""Language of an article's text: Russian, Kazakh or English."""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

if TYPE_CHECKING:
    from array import array

from newscrawl.core.profile import SUPPORTED_LANGUAGES

# Enough to tell the three apart: on the golden pages, the real saved pages and 2,000
# generated ones, 300 characters decide as 1,000 do. The model reads a byte at a time in
# Python, ~1.6 ms a page at 1,000.
_SAMPLE_CHARS = 500
_MIN_CHARS = 20
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@cache
def _identifier() -> LanguageIdentifier:
    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(sorted(SUPPORTED_LANGUAGES))
    # A fresh identifier over the three languages' columns alone: ``full`` keeps the whole
    # model (~28 MB) alive for a later set_languages(), in every extraction worker.
    return LanguageIdentifier(
        full.nb_ptc, full.nb_pc, full.nb_classes, _mapped(full.tk_nextmove), full.tk_output,
        norm_probs=True, tk_row=full.tk_row,
    )


def _mapped(table: array) -> memoryview:
    """The tokenizer's transition table (39 MB, every script's byte sequences) as a read-only
    map of a file holding it: a process keeps in memory only the pages Russian, Kazakh and
    English text walks through (~7 MB), and processes share them.

    The file, in the temporary directory, is named after the model; it is written whole or
    not at all, and written again if it holds anything else.
    """
    data = memoryview(table).cast("B")
    key = hashlib.sha1(f"{version('py3langid')}:{table.typecode}:{len(table)}".encode())
    model = (MODEL_DIR / MODEL_FILE).stat()
    path = Path(tempfile.gettempdir()) / (
        f"newscrawl-langid-{key.hexdigest()[:12]}-{model.st_size}-{model.st_mtime_ns}.bin"
    )
    if not _holds(path, data):
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.write_bytes(data)
        partial.replace(path)
    with path.open("rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    return memoryview(mapped).cast(table.typecode)


def _holds(path: Path, data: memoryview, chunk: int = 1 << 20) -> bool:
    """Whether the file at ``path`` holds ``data``: read, not mapped (a page of the map read
    once would stay in the process's memory), a chunk at a time."""
    try:
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_size != len(data):
                return False
            return all(
                file.read(chunk) == data[start : start + chunk]
                for start in range(0, len(data), chunk)
            )
    except OSError:
        return False


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
