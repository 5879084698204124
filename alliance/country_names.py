"""Country names from one table per language. django-countries translates a name on every read:
a page that names every country (a filter's choices, a matrix's columns, two hundred footprints)
spent a tenth of a second on it."""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language
from django_countries import countries


@cache
def _choices(language: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(name)) for code, name in countries)


@cache
def _names(language: str | None) -> dict[str, str]:
    return dict(_choices(language))


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, by name, in the active language."""
    return list(_choices(get_language()))


def country_name(code: str) -> str:
    """The name of the country `code` in the active language (the code if unknown)."""
    return _names(get_language()).get(code, code)
