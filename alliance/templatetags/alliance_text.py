"""Wording helpers for templates: possessives of names and country names from codes."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django_countries import countries

register = template.Library()


@register.filter
def possessive(name) -> str:
    """ "Orange’s", but "Quantisafe Networks’": a name ending in s takes the apostrophe alone."""
    name = str(name)
    return f"{name}’" if name.lower().endswith("s") else f"{name}’s"


@register.filter
def country_names(codes: Iterable[str]) -> list[str]:
    """["BE", "FR"] → ["Belgium", "France"], for lists of country codes stored as JSON."""
    return [countries.name(code) or code for code in codes or ()]
