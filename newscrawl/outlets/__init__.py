"""The outlet registry: every shipped profile, by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.outlets import (
    aqnews,
    azattyq,
    egemen,
    inform,
    informburo,
    interfax,
    iz,
    kapital,
    kommersant,
    kursiv,
    lenta,
    meduza,
    nur,
    orda,
    rbc,
    rg,
    ria,
    tass,
    tengrinews,
    vlast,
    zakon,
)

if TYPE_CHECKING:
    from newscrawl.outlets.base import OutletProfile

OUTLETS: dict[str, OutletProfile] = {
    profile.name: profile
    for profile in (
        aqnews.PROFILE,
        azattyq.PROFILE,
        egemen.PROFILE,
        inform.PROFILE,
        informburo.PROFILE,
        interfax.PROFILE,
        iz.PROFILE,
        kapital.PROFILE,
        kommersant.PROFILE,
        kursiv.PROFILE,
        lenta.PROFILE,
        meduza.PROFILE,
        nur.PROFILE,
        orda.PROFILE,
        rbc.PROFILE,
        rg.PROFILE,
        ria.PROFILE,
        tass.PROFILE,
        tengrinews.PROFILE,
        vlast.PROFILE,
        zakon.PROFILE,
    )
}


def get_outlet(name: str) -> OutletProfile:
    """The profile called ``name``; raises KeyError naming the known outlets."""
    try:
        return OUTLETS[name]
    except KeyError:
        raise KeyError(f"unknown outlet {name!r}; known: {', '.join(sorted(OUTLETS))}") from None


def outlet_for_url(url: str) -> OutletProfile | None:
    """The profile whose hosts include ``url``'s host, or None for an unknown site."""
    return next((profile for profile in OUTLETS.values() if profile.owns(url)), None)
