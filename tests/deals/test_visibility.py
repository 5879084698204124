"""Who sees which deal, and how much of it, on every surface: the deals list, a deal's page, the
API list and detail, the CSV export, the coverage matrix, the country page's counts and the
dashboard panel. No private deal and no confidential note may ever leak; summary deals show only
partner, operator, country and stage to other operators. A bloc deal is seen like an alliance deal
by the bloc persona (a member of another operator of the deal's bloc) and like a summary deal by
everyone else, staff included."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import PERSONAS

OWNERS = {"member", "manager"}
# What each persona should see of each visibility: "all", "no-notes", "summary" or None (nothing).
EXPECTED = {
    "owner": {"alliance": "all", "summary": "all", "private": "all", "bloc": "all"},
    "in_bloc": {"alliance": "no-notes", "summary": "summary", "private": None, "bloc": "no-notes"},
    "other": {"alliance": "no-notes", "summary": "summary", "private": None, "bloc": "summary"},
    "anonymous": {"alliance": None, "summary": None, "private": None, "bloc": None},
}
# The bloc persona: a member of TeliaSonera, which is in the deal's bloc with Orange (Millicom's
# people and staff are outside it).
ALL_PERSONAS = [*PERSONAS, "bloc_member"]
MEMBER_PERSONAS = [p for p in ALL_PERSONAS if p != "anonymous"]
VISIBILITIES = ("alliance", "summary", "private", "bloc")


def expected_for(persona_name: str) -> dict:
    if persona_name == "anonymous":
        return EXPECTED["anonymous"]
    if persona_name == "bloc_member":
        return EXPECTED["in_bloc"]
    return EXPECTED["owner" if persona_name in OWNERS else "other"]


def api_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", MEMBER_PERSONAS, indirect=True)
def test_deals_list_shows_each_deal_as_the_viewer_may_see_it(
    persona, request, client_for, deals_by_visibility
):
    expected = expected_for(request.node.callspec.params["persona"])
    page = client_for(persona).get(reverse("deals:list")).content.decode()
    for visibility, deal in deals_by_visibility.items():
        link = reverse("deals:detail", args=[deal.pk])
        assert (link in page) == (expected[visibility] is not None), visibility
    assert "SECRET-" not in page  # notes are never on the list, even for owners
    for visibility in VISIBILITIES:
        assert f"{visibility} summary text" not in page


def test_deals_list_sends_anonymous_visitors_to_sign_in(client, deals_by_visibility):
    response = client.get(reverse("deals:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_deal_page_shows_only_the_fields_the_viewer_may_see(
    persona, request, client_for, deals_by_visibility
):
    expected = expected_for(request.node.callspec.params["persona"])
    client = client_for(persona)
    for visibility, deal in deals_by_visibility.items():
        response = client.get(reverse("deals:detail", args=[deal.pk]))
        seen = expected[visibility]
        if persona is None:
            assert response.status_code == 302
            continue
        if seen is None:
            assert response.status_code == 404, visibility
            continue
        page = response.content.decode()
        assert response.status_code == 200
        assert deal.partner.name in page and deal.operator.name in page
        assert deal.country.name in page
        assert (f"SECRET-{visibility}-NOTES" in page) == (seen == "all"), visibility
        assert (f"{visibility} summary text" in page) == (seen != "summary"), visibility
        assert ("Distribution" in page) == (seen != "summary"), visibility


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_api_list_and_detail_apply_the_same_rules(persona, request, deals_by_visibility):
    expected = expected_for(request.node.callspec.params["persona"])
    client = api_client(persona)
    listing = client.get("/api/v1/deals/")
    if persona is None:
        assert listing.status_code in (401, 403)
        return
    rows = {row["id"]: row for row in listing.json()["results"]}
    for visibility, deal in deals_by_visibility.items():
        seen = expected[visibility]
        detail = client.get(f"/api/v1/deals/{deal.pk}/")
        if seen is None:
            assert deal.pk not in rows
            assert detail.status_code == 404
            continue
        for row in (rows[deal.pk], detail.json()):
            assert row["partner"] == "spotify" and row["country"] == deal.country.code
            assert ("confidential_notes" in row) == (seen == "all")
            if seen == "summary":
                assert set(row) == {"id", "partner", "operator", "country", "stage", "access"}
            else:
                assert row["summary"] == f"{visibility} summary text"
    if request.node.callspec.params["persona"] not in OWNERS:
        assert "SECRET-" not in listing.content.decode()


@pytest.mark.parametrize("persona", MEMBER_PERSONAS, indirect=True)
def test_csv_export_holds_only_what_the_viewer_may_see(
    persona, request, client_for, deals_by_visibility
):
    expected = expected_for(request.node.callspec.params["persona"])
    response = client_for(persona).get(reverse("deals:export"))
    body = b"".join(response.streaming_content).decode()
    rows = {int(row["id"]): row for row in csv.DictReader(io.StringIO(body))}
    for visibility, deal in deals_by_visibility.items():
        seen = expected[visibility]
        if seen is None:
            assert deal.pk not in rows
            continue
        row = rows[deal.pk]
        assert row["partner"] == "spotify" and row["stage"] == "exploring"
        assert (row["confidential_notes"] == f"SECRET-{visibility}-NOTES") == (seen == "all")
        assert (row["summary"] != "") == (seen != "summary")
        if seen == "summary":
            assert row["deal_type"] == "" and row["started_on"] == ""
    if request.node.callspec.params["persona"] not in OWNERS:
        assert "SECRET-" not in body


@pytest.mark.parametrize("persona", MEMBER_PERSONAS, indirect=True)
def test_coverage_matrix_and_country_counts_never_count_a_private_deal(
    persona, request, client_for, deals_by_visibility
):
    owner = request.node.callspec.params["persona"] in OWNERS
    client = client_for(persona)
    matrix = client.get(reverse("deals:coverage")).content.decode()
    assert "Spotify" in matrix
    # Spain holds only the private deal: its column appears to the owners alone.
    assert ('title="Spain"' in matrix) == owner
    spain = client.get(reverse("deals:country", args=["ES"])).context
    assert dict((s.value, n) for s, n in spain["stage_counts"])["exploring"] == (1 if owner else 0)
    assert [d.pk for d in spain["deals"]] == ([deals_by_visibility["private"].pk] if owner else [])


@pytest.mark.parametrize("persona", MEMBER_PERSONAS, indirect=True)
def test_a_bloc_deal_counts_for_every_member_as_its_partner_operator_country_and_stage(
    persona, request, client_for, deals_by_visibility
):
    """Germany holds only the bloc deal: everyone who sees summaries counts it, and the country
    page shows its summary text only to the bloc's members and its owners."""
    seen = expected_for(request.node.callspec.params["persona"])["bloc"]
    client = client_for(persona)
    assert 'title="Germany"' in client.get(reverse("deals:coverage")).content.decode()
    germany = client.get(reverse("deals:country", args=["DE"]))
    counts = dict((s.value, n) for s, n in germany.context["stage_counts"])
    assert counts["exploring"] == 1
    assert [d.pk for d in germany.context["deals"]] == [deals_by_visibility["bloc"].pk]
    assert [d.is_summary_only for d in germany.context["deals"]] == [seen == "summary"]
    assert ("Distribution" in germany.content.decode()) == (seen != "summary")


@pytest.mark.parametrize(
    ("persona", "matching"),
    [("other_member", {"alliance"}), ("bloc_member", {"alliance", "bloc"})],
    indirect=["persona"],
)
def test_filtering_by_deal_type_does_not_reveal_the_type_of_a_summary_deal(
    persona, matching, client_for, deals_by_visibility
):
    wanted = {deals_by_visibility[visibility].pk for visibility in matching}
    client = client_for(persona)
    page = client.get(reverse("deals:list"), {"deal_type": "distribution"})
    assert {d.pk for d in page.context["deals"]} == wanted
    api = api_client(persona).get("/api/v1/deals/", {"deal_type": "distribution"})
    assert {row["id"] for row in api.json()["results"]} == wanted


def test_staff_admin_pages_hide_private_deals_and_confidential_notes(
    client_for, admin_user, deals_by_visibility
):
    client = client_for(admin_user)
    listing = client.get(reverse("admin:deals_deal_changelist"))
    countries = {deal.country.code for deal in listing.context["cl"].result_list}
    assert countries == {"FR", "PL", "DE"}
    page = client.get(
        reverse("admin:deals_deal_change", args=[deals_by_visibility["alliance"].pk])
    ).content.decode()
    assert "SECRET-" not in page
    private = client.get(
        reverse("admin:deals_deal_change", args=[deals_by_visibility["private"].pk])
    )
    assert private.status_code == 302  # "doesn't exist" → back to the list


@pytest.mark.parametrize(("visibility", "country"), [("summary", "Poland"), ("bloc", "Germany")])
def test_staff_admin_shows_a_summary_deal_as_partner_operator_country_and_stage_only(
    visibility, country, client_for, admin_user, deals_by_visibility
):
    client = client_for(admin_user)
    summary = deals_by_visibility[visibility]
    page = client.get(reverse("admin:deals_deal_change", args=[summary.pk])).content.decode()
    assert "Spotify" in page and country in page
    for hidden in (f"{visibility} summary text", "Distribution", "SECRET-", "M2M bloc"):
        assert hidden not in page, hidden
    listing = client.get(reverse("admin:deals_deal_changelist")).content.decode()
    assert "Distribution" not in listing and f"{visibility} summary text" not in listing
    alliance = deals_by_visibility["alliance"]
    page = client.get(reverse("admin:deals_deal_change", args=[alliance.pk])).content.decode()
    assert "alliance summary text" in page and "Distribution" in page
