"""Wording filters: `{{ name|possessive }}` and `{{ codes|country_names|join:", " }}`."""

from __future__ import annotations

from django import template

from alliance import text

register = template.Library()
register.filter("possessive", text.possessive)
register.filter("country_names", text.country_names)
