"""The coverage finder's algorithm on hand-made footprints: plain Python, no database."""

from __future__ import annotations

import pytest

from alliance import finder_core
from alliance.finder_core import Offer, find

# Operators and platforms by id, named so that ties read naturally.
ALPHA, BRAVO, CHARLIE, DELTA, ECHO = 1, 2, 3, 4, 5
NAMES = {ALPHA: "Alpha", BRAVO: "Bravo", CHARLIE: "Charlie", DELTA: "Delta", ECHO: "Echo"}
JASPER, DCP, WING = 10, 20, 30
PLATFORM_NAMES = {JASPER: "Jasper", DCP: "DCP", WING: "WING"}


def offers(footprints: dict[int, str], platforms=(), services=()) -> list[Offer]:
    """{operator: "DE FR"} → one offer per country, all with the same platforms/services."""
    made = []
    for operator, countries in footprints.items():
        for country in countries.split():
            made.append(
                Offer(
                    opco=operator * 100 + len(made),
                    operator=operator,
                    country=country,
                    platforms=frozenset(platforms),
                    services=frozenset(services),
                )
            )
    return made


def answer(countries: str, found: list[Offer], **filters) -> finder_core.Answer:
    return find(
        countries.split(),
        found,
        operator_names=NAMES,
        platform_names=PLATFORM_NAMES,
        **filters,
    )


def test_sole_servers_of_a_country_are_always_proposed():
    result = answer("DE FR SE", offers({ALPHA: "DE FR", BRAVO: "SE", CHARLIE: "FR"}))

    assert result.mixed.operators == (ALPHA, BRAVO)
    assert result.mixed.assignment == {"DE": ALPHA, "FR": ALPHA, "SE": BRAVO}
    assert result.uncovered == ()


def test_a_country_nobody_serves_is_listed_and_the_rest_still_covered():
    result = answer("DE AQ SE", offers({ALPHA: "DE", BRAVO: "SE DE"}))

    assert result.uncovered == ("AQ",)
    assert result.covered == ("DE", "SE")
    assert result.mixed.operators == (BRAVO,)
    assert "AQ" not in result.mixed.assignment


def test_every_offer_serving_a_country_is_listed_alphabetically_by_operator():
    result = answer("FR", offers({CHARLIE: "FR", ALPHA: "FR"}))

    assert [offer.operator for offer in result.offers["FR"]] == [ALPHA, CHARLIE]


def test_countries_keep_the_order_given_and_duplicates_are_dropped():
    result = answer("SE DE SE FR", offers({ALPHA: "DE FR SE"}))

    assert result.countries == ("SE", "DE", "FR")


def test_nothing_coverable_gives_an_empty_plan():
    result = answer("AQ BV", offers({ALPHA: "DE"}))

    assert result.uncovered == ("AQ", "BV")
    assert len(result.mixed) == 0
    assert result.one_platform is None
    assert len(result.recommended) == 0


def test_a_platform_filter_keeps_only_opcos_running_it():
    found = offers({ALPHA: "DE FR"}, platforms=[JASPER]) + offers({BRAVO: "SE DE"}, platforms=[DCP])

    result = answer("DE FR SE", found, platform=JASPER)

    assert result.uncovered == ("SE",)
    assert [offer.operator for offer in result.offers["DE"]] == [ALPHA]
    assert result.recommended.operators == (ALPHA,)
    assert result.recommended.platform == JASPER


def test_a_service_filter_keeps_only_opcos_offering_it():
    found = offers({ALPHA: "DE FR"}, services=["nb_iot"]) + offers(
        {BRAVO: "SE DE"}, services=["lte_m"]
    )

    result = answer("DE FR SE", found, service="nb_iot")

    assert result.uncovered == ("SE",)
    assert result.mixed.operators == (ALPHA,)


def dcp_one_more() -> list[Offer]:
    """Smallest mixed answer: Alpha (Jasper) + Bravo (DCP) = 2. DCP alone: Bravo, Charlie, Delta."""
    return (
        offers({ALPHA: "DE FR SE"}, platforms=[JASPER])
        + offers({BRAVO: "PL IT ES"}, platforms=[DCP])
        + offers({CHARLIE: "DE FR"}, platforms=[DCP])
        + offers({DELTA: "SE"}, platforms=[DCP])
    )


def test_one_platform_is_preferred_when_it_takes_one_operator_more():
    result = answer("DE FR SE PL IT ES", dcp_one_more())

    assert len(result.mixed) == 2
    assert result.one_platform is not None
    assert result.recommended.platform == DCP
    assert set(result.recommended.operators) == {BRAVO, CHARLIE, DELTA}


def test_one_platform_is_not_preferred_when_it_takes_two_operators_more():
    found = (
        offers({ALPHA: "DE FR SE"}, platforms=[JASPER])
        + offers({BRAVO: "PL IT ES"}, platforms=[DCP])
        + offers({CHARLIE: "DE"}, platforms=[DCP])
        + offers({DELTA: "FR"}, platforms=[DCP])
        + offers({ECHO: "SE"}, platforms=[DCP])
    )

    result = answer("DE FR SE PL IT ES", found)

    assert result.one_platform is None
    assert result.recommended == result.mixed
    assert result.recommended.platform is None
    assert set(result.mixed.operators) == {ALPHA, BRAVO}


def test_one_platform_at_no_extra_cost_is_proposed():
    found = offers({ALPHA: "DE FR"}, platforms=[JASPER, DCP]) + offers(
        {BRAVO: "SE"}, platforms=[JASPER]
    )

    result = answer("DE FR SE", found)

    assert result.recommended.platform == JASPER
    assert len(result.recommended) == len(result.mixed) == 2


def test_a_platform_that_misses_a_coverable_country_is_not_a_one_platform_answer():
    found = offers({ALPHA: "DE FR"}, platforms=[JASPER]) + offers({BRAVO: "SE"}, platforms=[DCP])

    result = answer("DE FR SE", found)

    assert result.one_platform is None
    assert result.platform_reach == {DCP: 1, JASPER: 2}


def test_between_two_equally_good_platforms_the_first_by_name_wins():
    found = offers({ALPHA: "DE FR"}, platforms=[JASPER, WING])

    result = answer("DE FR", found)

    assert result.recommended.platform == JASPER


def test_an_operator_s_opcos_on_different_platforms_do_not_make_a_one_platform_answer():
    found = [
        Offer(opco=1, operator=ALPHA, country="DE", platforms=frozenset({JASPER})),
        Offer(opco=2, operator=ALPHA, country="FR", platforms=frozenset({DCP})),
    ]

    result = answer("DE FR", found)

    assert result.mixed.operators == (ALPHA,)
    assert result.one_platform is None


def test_between_operators_serving_the_same_countries_the_first_by_name_is_proposed():
    result = answer("DE FR", offers({CHARLIE: "DE FR", BRAVO: "DE FR"}))

    assert result.mixed.operators == (BRAVO,)


# The classic case where picking the largest first needs three operators but two suffice:
# Alpha serves 3 countries, yet Charlie + Echo serve all 6. No country has a sole server.
TRAP = {ALPHA: "PL IT DE", BRAVO: "IT SE ES", CHARLIE: "DE SE ES", DELTA: "FR ES", ECHO: "IT FR PL"}


def test_few_contenders_get_the_truly_smallest_cover():
    result = answer("DE FR SE PL ES IT", offers(TRAP))

    assert result.mixed.operators == (CHARLIE, ECHO)


def test_many_contenders_get_a_greedy_cover_without_redundant_operators(monkeypatch):
    monkeypatch.setattr(finder_core, "EXACT_SEARCH_LIMIT", 0)

    result = answer("DE FR SE PL ES IT", offers(TRAP))

    chosen = result.mixed.operators
    assert chosen[0] == ALPHA  # the most countries; the tie is broken by name
    assert len(chosen) == 3
    for dropped in chosen:  # none of them could be left out
        rest = [op for op in chosen if op != dropped]
        assert {c for c, op in result.mixed.assignment.items() if op == dropped} - {
            offer.country for offer in offers(TRAP) if offer.operator in rest
        }


def test_greedy_ties_go_to_the_operator_serving_rarer_countries(monkeypatch):
    monkeypatch.setattr(finder_core, "EXACT_SEARCH_LIMIT", 0)
    # Alpha and Bravo each serve two countries. Three operators serve Alpha's DE and FR, two
    # serve Bravo's SE and PL: Bravo is chosen first, though Alpha comes first by name.
    footprints = {ALPHA: "DE FR", CHARLIE: "DE FR", DELTA: "DE FR", BRAVO: "SE PL", ECHO: "SE PL"}

    result = answer("DE FR SE PL", offers(footprints))

    assert result.mixed.operators == (BRAVO, ALPHA)


@pytest.mark.parametrize("slack", [0, 1])
def test_the_platform_slack_is_the_only_price_of_one_platform(monkeypatch, slack):
    monkeypatch.setattr(finder_core, "PLATFORM_SLACK", slack)
    result = answer("DE FR SE PL IT ES", dcp_one_more())

    assert (result.one_platform is not None) == (slack == 1)
