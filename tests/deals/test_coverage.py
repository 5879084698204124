"""The coverage matrix (best stage and by whom, within visibility) and the white space."""

from __future__ import annotations

from django.urls import reverse

from deals.coverage import white_space
from tests.factories import DealFactory, OpcoFactory, OperatorFactory, PartnerFactory


def cells_by_country(matrix, partner_name: str) -> dict:
    row = next(r for r in matrix.rows if r.partner.name == partner_name)
    return {c.code: cell for c, cell in zip(matrix.countries, row.cells, strict=True)}


def test_each_cell_shows_the_best_stage_reached_and_by_whom(
    client_for, member, other_operator, operator, partner
):
    third = OperatorFactory(slug="bt", name="BT")
    DealFactory(operator=other_operator, partner=partner, country="CO", stage="negotiating")
    DealFactory(operator=third, partner=partner, country="CO", stage="launched")
    DealFactory(operator=operator, partner=partner, country="CO", stage="exploring")
    DealFactory(
        operator=operator,
        partner=partner,
        country="FR",
        stage="declined",
        decline_reason="no_budget",
    )
    matrix = client_for(member).get(reverse("deals:coverage")).context["matrix"]
    cells = cells_by_country(matrix, "Spotify")
    assert cells["CO"].stage == "launched" and [o.name for o in cells["CO"].operators] == ["BT"]
    assert "FR" not in cells  # a declined deal is not coverage


def test_filters_by_category_and_region(client_for, member, other_operator, partner):
    iot = PartnerFactory(slug="mojio", name="Mojio", category="iot_m2m")
    DealFactory(operator=other_operator, partner=partner, country="CO", stage="launched")
    DealFactory(operator=other_operator, partner=iot, country="DE", stage="signed")
    client = client_for(member)
    by_category = client.get(reverse("deals:coverage"), {"category": "iot_m2m"}).context
    assert [r.partner.name for r in by_category["matrix"].rows] == ["Mojio"]
    by_region = client.get(reverse("deals:coverage"), {"region": "latin_america"}).context
    assert [r.partner.name for r in by_region["matrix"].rows] == ["Spotify"]
    assert [c.code for c in by_region["matrix"].countries] == ["CO"]


def test_white_space_names_my_countries_where_a_partner_launched_elsewhere_is_missing(
    member, operator, other_operator, partner
):
    for code in ("PL", "HU", "FR"):
        OpcoFactory(operator=operator, country=code)
    DealFactory(operator=other_operator, partner=partner, country="CO", stage="launched")
    DealFactory(operator=other_operator, partner=partner, country="GT", stage="launched")
    DealFactory(operator=operator, partner=partner, country="FR", stage="negotiating")
    [suggestion] = white_space(member)
    assert suggestion.partner == partner
    assert (suggestion.members, suggestion.countries) == (1, 2)
    assert [c.code for c in suggestion.missing] == ["HU", "PL"]


def test_white_space_ignores_private_deals_of_others(member, operator, other_operator, partner):
    OpcoFactory(operator=operator, country="PL")
    DealFactory(
        operator=other_operator,
        partner=partner,
        country="CO",
        stage="launched",
        visibility="private",
    )
    assert white_space(member) == []


def test_dashboard_panel_shows_the_suggestion_as_a_sentence(
    client_for, member, operator, other_operator, partner
):
    OpcoFactory(operator=operator, country="PL")
    DealFactory(operator=other_operator, partner=partner, country="CO", stage="launched")
    page = client_for(member).get(reverse("alliance:dashboard")).content.decode()
    assert "is launched by 1 member in 1 country; your opcos in Poland" in page
