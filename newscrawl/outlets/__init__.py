"""The outlet registry: every module of this package defines one ``PROFILE``, found by name."""

from __future__ import annotations

import pkgutil
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscrawl.core.profile import OutletProfile


def _discover() -> dict[str, OutletProfile]:
    profiles = [
        import_module(f"{__name__}.{module.name}").PROFILE
        for module in pkgutil.iter_modules(__path__)
    ]
    return {profile.name: profile for profile in sorted(profiles, key=lambda p: p.name)}


OUTLETS: dict[str, OutletProfile] = _discover()


def get_outlet(name: str) -> OutletProfile:
    """The profile called ``name``; raises KeyError naming the known outlets."""
    try:
        return OUTLETS[name]
    except KeyError:
        raise KeyError(f"unknown outlet {name!r}; known: {', '.join(sorted(OUTLETS))}") from None


def outlet_for_url(url: str) -> OutletProfile | None:
    """The profile whose hosts include ``url``'s host, or None for an unknown site."""
    return next((profile for profile in OUTLETS.values() if profile.owns(url)), None)
