"""Reading the countries a customer needs, as members paste them."""

from __future__ import annotations

import pytest
from django_countries import countries

from alliance.finder_input import MAX_ENTRIES, parse_country_list
from alliance.regions import Region, countries_in


def test_names_and_codes_mixed_with_commas_and_new_lines_are_read():
    parsed = parse_country_list("Germany, FR\nsweden")

    assert parsed.codes == ("DE", "FR", "SE")
    assert parsed.errors == ()


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ("de", "DE"),
        ("DEU", "DE"),
        ("deu", "DE"),
        ("  GERMANY ", "DE"),
        ("The Netherlands", "NL"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("USA", "US"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Czech Republic", "CZ"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Russia", "RU"),
        ("South Korea", "KR"),
        ("Viet Nam", "VN"),
        ("Bolivia", "BO"),
    ],
)
def test_codes_names_and_common_short_forms_are_understood(entry, code):
    assert parse_country_list(entry).codes == (code,)


def test_semicolons_tabs_and_blank_entries_are_separators():
    parsed = parse_country_list("DE;;FR\t\tSE,\n\n , IT\r\nES")

    assert parsed.codes == ("DE", "FR", "SE", "IT", "ES")


def test_each_country_is_kept_once_in_the_order_first_given():
    parsed = parse_country_list("Sweden, DE, se, SWE, Germany")

    assert parsed.codes == ("SE", "DE")


def test_an_unknown_entry_says_what_to_fix_and_the_rest_is_kept():
    parsed = parse_country_list("Germany, Atlantis, FR, XX")

    assert parsed.codes == ("DE", "FR")
    assert parsed.errors == (
        "'Atlantis' is not a country we know.",
        "'XX' is not a country we know.",
    )


def test_a_name_with_a_comma_in_it_is_one_country():
    parsed = parse_country_list("Bonaire, Sint Eustatius and Saba, FR")

    assert parsed.codes == ("BQ", "FR")
    assert parsed.errors == ()


def test_every_iso_name_and_code_is_understood():
    assert len(parse_country_list(",".join(name for _, name in countries)).codes) == 249
    assert len(parse_country_list(",".join(code for code, _ in countries)).codes) == 249


def test_a_region_adds_its_countries_after_the_pasted_ones():
    parsed = parse_country_list("Canada", regions=[Region.NORTH_AMERICA])

    assert parsed.codes[0] == "CA"
    assert set(parsed.codes) == set(countries_in(Region.NORTH_AMERICA))
    assert parsed.errors == ()


def test_places_iso_does_not_list_are_left_out_of_a_region():
    parsed = parse_country_list("", regions=[Region.EUROPE])

    assert "XK" not in parsed.codes  # Kosovo is in the region table, not in ISO 3166
    assert "DE" in parsed.codes


def test_an_overlong_entry_is_refused_shortened():
    parsed = parse_country_list("x" * 500)

    assert parsed.codes == ()
    assert len(parsed.errors[0]) < 100


def test_too_many_entries_are_refused_with_the_count():
    parsed = parse_country_list(",".join(["DE"] * (MAX_ENTRIES + 5)))

    assert parsed.errors[0] == f"Paste at most {MAX_ENTRIES} countries; this list has 405."
    assert parsed.codes == ("DE",)


def test_nothing_given_is_an_empty_list_without_errors():
    assert parse_country_list("  ,\n ") == parse_country_list("")
    assert parse_country_list("").codes == ()
    assert parse_country_list("").errors == ()
