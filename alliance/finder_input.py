"""Reading the countries a customer needs, as people paste them: "Germany, FR\\nsweden".

Entries are separated by commas, semicolons, tabs or new lines; each may be an ISO 3166 code
(alpha-2 or alpha-3, any case) or an English country name, common short forms included ("UK",
"USA", "Czech Republic", "Ivory Coast"), accents and case ignored. The page and the API read their
input through `parse_country_list`, so both accept and refuse the same things.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django_countries import countries

from alliance.regions import countries_in

# The most entries one request may hold: every country of the world, with room for duplicates.
MAX_ENTRIES = 400
MAX_ENTRY_LENGTH = 60
_SEPARATORS = re.compile(r"[,;\t\r\n]+")

# Names people use that are not among the ISO names (normalised: see `_normalise`).
ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "united states": "US",
    "america": "US",
    "uae": "AE",
    "emirates": "AE",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "holland": "NL",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "russian federation": "RU",
    "vatican": "VA",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of the congo": "CD",
    "congo": "CG",
    "swaziland": "SZ",
    "burma": "MM",
    "cape verde": "CV",
    "east timor": "TL",
    "macau": "MO",
}


@dataclass(frozen=True)
class CountryList:
    """ISO codes in the order first given (no duplicates), and a sentence per unknown entry."""

    codes: tuple[str, ...]
    errors: tuple[str, ...]


def _normalise(text: str) -> str:
    """'  Côte d’Ivoire ' → 'cote d ivoire': no accents, no punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = re.sub(r"[^a-z0-9]+", " ", letters).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


@cache
def _names() -> dict[str, str]:
    """Normalised English name (official and common) → alpha-2 code."""
    table = {_normalise(name): code for code, name in countries}
    for code, name in countries:
        # "Bolivia (Plurinational State of)" is also "Bolivia".
        short = _normalise(re.sub(r"\(.*?\)|,.*$", "", name))
        table.setdefault(short, code)
    table.update(ALIASES)
    return table


@cache
def _codes() -> frozenset[str]:
    return frozenset(code for code, _ in countries)


def country_code(entry: str) -> str | None:
    """The alpha-2 code `entry` names, or None."""
    text = entry.strip()
    if len(text) == 2 and text.upper() in _codes():
        return text.upper()
    if len(text) == 3 and text.isascii() and text.isalpha():
        code = countries.alpha2(text.upper())
        if code:
            return code
    normalised = _normalise(text)
    if not normalised:
        return None
    return _names().get(normalised) or (countries.by_name(text) or None)


@cache
def _names_with_separators() -> re.Pattern | None:
    """ "Bonaire, Sint Eustatius and Saba": names that a comma would cut in two."""
    names = [name for _, name in countries if _SEPARATORS.search(name)]
    if not names:
        return None
    return re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)


def parse_country_list(text: str, *, regions: tuple[str, ...] | list[str] = ()) -> CountryList:
    """The countries in `text` followed by those of `regions` (UN-style world regions), each
    once. An entry that names no country becomes an error saying so, and is left out."""
    codes: dict[str, None] = {}
    errors: list[str] = []
    text = text or ""
    whole_names = _names_with_separators()
    if whole_names is not None:
        text = whole_names.sub(lambda match: country_code(match.group(0)) or "", text)
    entries = [entry.strip() for entry in _SEPARATORS.split(text) if entry.strip()]
    if len(entries) > MAX_ENTRIES:
        errors.append(f"Paste at most {MAX_ENTRIES} countries; this list has {len(entries)}.")
        entries = entries[:MAX_ENTRIES]
    for entry in entries:
        code = country_code(entry) if len(entry) <= MAX_ENTRY_LENGTH else None
        if code is None:
            shown = entry if len(entry) <= MAX_ENTRY_LENGTH else entry[:MAX_ENTRY_LENGTH] + "…"
            errors.append(f"'{shown}' is not a country we know.")
        else:
            codes[code] = None
    for region in regions:
        # The region table names a few places ISO 3166 does not list (Kosovo): skip those.
        for code in sorted(countries_in(region), key=lambda c: countries.name(c)):
            if code in _codes():
                codes[code] = None
    return CountryList(codes=tuple(codes), errors=tuple(errors))
