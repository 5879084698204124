"""Form widgets shared by every app: the country picker, and a country typed by name."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django_countries import countries as all_countries
from django_countries.fields import Country

from alliance.models import Opco, Operator

Codes = Iterable[str | Country]


def _codes(countries: Codes) -> list[str]:
    return [getattr(country, "code", country) for country in countries]


def own_footprint(user) -> list[str]:
    """The countries of the user's operator (empty without an active membership): what a member
    most often picks, so pickers suggest them first."""
    membership = getattr(user, "active_membership", None)
    return _codes(membership.operator.footprint) if membership else []


def alliance_footprint() -> list[str]:
    """Every country where a current member has an opco."""
    opcos = Opco.objects.filter(operator__in=Operator.objects.current())
    return list(opcos.order_by().values_list("country", flat=True).distinct())


def footprints_of(operators: Iterable[Operator]) -> dict[str, list[str]]:
    """{operator pk: its countries}, for a picker whose valid set depends on a chosen operator."""
    return {str(operator.pk): _codes(operator.footprint) for operator in operators}


class CountryPicker(forms.SelectMultiple):
    """A multiple choice of countries. It renders a plain `<select multiple>` (usable without
    JavaScript), which static/js/country-picker.js turns into a searchable list of chips that
    works with a keyboard, a screen reader and a phone.

    - `suggested`: codes (or a callable returning them, evaluated at render) offered first, in
      their own group headed `suggested_label`.
    - `footprint_of` + `footprints`: the valid countries depend on another field of the form (the
      recipient of an introduction): `footprints` maps each of its values to its countries. Only
      their union is offered, and once a value is chosen, only its countries.
    """

    def __init__(
        self,
        attrs: dict | None = None,
        choices=(),
        *,
        suggested: Codes | Callable[[], Codes] = (),
        suggested_label: str = "Suggested",
        footprint_of: str | None = None,
        footprints: Mapping[str, list[str]] | None = None,
    ) -> None:
        super().__init__({"size": 8, **(attrs or {})}, choices)
        self.suggested = suggested
        self.suggested_label = suggested_label
        self.footprint_of = footprint_of
        self.footprints = footprints or {}

    def suggested_codes(self) -> list[str]:
        suggested = self.suggested() if callable(self.suggested) else self.suggested
        return _codes(suggested)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-country-picker"] = ""
        suggested = self.suggested_codes()
        if suggested:
            widget_attrs["data-suggested"] = ",".join(suggested)
            widget_attrs["data-suggested-label"] = self.suggested_label
        if self.footprint_of:
            widget_attrs["data-footprint-of"] = self.footprint_of
            widget_attrs["data-footprints"] = json.dumps(self.footprints, separators=(",", ":"))
        return context

    def optgroups(self, name, value, attrs=None):
        choices = list(self.choices)
        if self.footprint_of:
            offered = {code for codes in self.footprints.values() for code in codes}
            choices = [(code, label) for code, label in choices if code in offered or code in value]
        suggested = set(self.suggested_codes())
        first = [choice for choice in choices if choice[0] in suggested]
        if first:
            rest = [choice for choice in choices if choice[0] not in suggested]
            choices = [(self.suggested_label, first), ("All countries", rest)]
        original, self.choices = self.choices, choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original


# The id of the `<datalist>` of country names (`country_names_list()`) that a page renders once
# for all its CountryNameInputs.
COUNTRY_NAMES_LIST = "country-names"


def country_names_list() -> SafeString:
    """The page's `<datalist>` of every country's name, for its CountryNameInputs."""
    options = format_html_join("", '<option value="{}"></option>', ((n,) for _, n in all_countries))
    return format_html('<datalist id="{}">{}</datalist>', COUNTRY_NAMES_LIST, options)


def _folded(text: str) -> str:
    """ "Côte d’Ivoire" is found by "cote d'ivoire": compare without accents, case or quotes."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


@cache
def _codes_by_name() -> dict[str, str]:
    return {_folded(name): code for code, name in all_countries}


class CountryNameInput(forms.TextInput):
    """One country typed by its name (or code), suggested by the page's shared `<datalist>`: a
    row of a long formset (an operator's 76 opcos) without a `<select>` of 250 countries each."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"list": COUNTRY_NAMES_LIST, "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        code = getattr(value, "code", value)
        return all_countries.name(code) or code if code else None


class CountryNameField(forms.ChoiceField):
    """A country as typed in a CountryNameInput: its English name (any case, accents optional)
    or its ISO code; anything else is an invalid choice."""

    widget = CountryNameInput

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=list(all_countries), **kwargs)

    def to_python(self, value) -> str:
        text = super().to_python(value).strip()
        return _codes_by_name().get(_folded(text), text.upper())
