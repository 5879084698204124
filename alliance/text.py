"""Wording helpers shared by templates (as filters, in alliance_text) and by messages in Python."""

from __future__ import annotations

from collections.abc import Iterable

from django_countries import countries


def possessive(name) -> str:
    """ "Orange’s", but "Quantisafe Networks’": a name ending in s takes the apostrophe alone."""
    name = str(name)
    return f"{name}’" if name.lower().endswith("s") else f"{name}’s"


def country_names(codes: Iterable[str] | None) -> list[str]:
    """["BE", "FR"] → ["Belgium", "France"], for lists of country codes stored as JSON."""
    return [countries.name(code) or code for code in codes or ()]
