"""Scrapy add-ons of the project's own."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from scrapy.exceptions import ScrapyDeprecationWarning

from newscrawl.core.settings import RENAMED, defaults

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


class RenamedSettings:
    """Add-on: a setting given under its name before the ``NEWSCRAWL_`` prefix still applies,
    with a deprecation warning; the new name wins when both are given."""

    def update_settings(self, settings: BaseSettings) -> None:
        """Copy each old name's value to its new name, at the priority it was given with."""
        default = defaults()
        for old, new in RENAMED.items():
            priority = settings.getpriority(old)
            if priority is None:
                continue
            warnings.warn(
                f"The setting {old} is deprecated: use {new}", ScrapyDeprecationWarning,
                stacklevel=2,
            )
            current = settings.getpriority(new) or 0
            if priority > current or (priority == current and settings[new] == default[new]):
                settings.set(new, settings[old], priority=priority)
