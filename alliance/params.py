"""Untrusted values from URLs and query strings, checked before they reach the database.

Every page and API endpoint reads ids, country codes and tokens through these, so that a value no
valid object could have (`%00`, `²`, a 10,000-digit number) reads as "not given" rather than
becoming a database error."""

from __future__ import annotations

import re

from django_countries import countries

# The largest id a bigint column holds.
MAX_ID = 2**63 - 1
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,128}")


def parse_id(value: object) -> int | None:
    """A positive database id from `value`, or None ("²".isdigit() is true; int() refuses it)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdecimal() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_country(value: object) -> str | None:
    """An ISO 3166 alpha-2 code from `value` (any case), or None if it names no country."""
    code = str(value or "").strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return None
    return code if code in countries else None


def parse_token(value: object) -> str | None:
    """A URL-safe token as `secrets.token_urlsafe` makes them, or None."""
    text = str(value or "")
    return text if _TOKEN.fullmatch(text) else None
