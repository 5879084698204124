"""Ids, country codes and tokens from URLs: anything no valid object could have reads as None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance.params import parse_country, parse_id, parse_token


@pytest.mark.parametrize("raw", ["", "0", "-1", "²", "1.5", "\x00", "9" * 20, "٣", " ", None])
def test_a_value_that_is_no_id_reads_as_none(raw):
    assert parse_id(raw) is None


def test_an_id_is_read_as_a_number():
    assert parse_id(" 42 ") == 42


@pytest.mark.parametrize("raw", ["", "XX", "D", "DEU", "²E", "\x00D", "1A"])
def test_a_value_that_names_no_country_reads_as_none(raw):
    assert parse_country(raw) is None


def test_a_country_code_is_read_in_any_case():
    assert parse_country("de") == "DE"


@pytest.mark.parametrize("raw", ["", "\x00", "a/b", "a" * 129, "tök"])
def test_a_value_that_is_no_token_reads_as_none(raw):
    assert parse_token(raw) is None


@given(st.text())
def test_parsers_never_raise_on_any_text(text):
    parse_id(text)
    parse_country(text)
    parse_token(text)
