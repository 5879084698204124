"""/api/v1/deals: logging, editing, stage actions, filters, ordering, pagination and the schema."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from alliance.models import Contribution, Operator
from deals.models import Deal
from tests.factories import DealFactory, OpcoFactory, PartnerFactory


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


def test_a_member_logs_a_deal_for_their_operator(api, member, partner, opco):
    response = api.post(
        "/api/v1/deals/",
        {"partner": "spotify", "country": "FR", "deal_type": "bundling", "visibility": "summary"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["operator"] == "orange" and body["opco"] == opco.pk and body["access"] == "owner"
    assert Contribution.objects.get().kind == "deal_logged"


def test_the_api_refuses_an_unknown_country_and_a_partner_it_cannot_see(api, opco):
    PartnerFactory(slug="hidden", status="declined", decision_reason="Not a fit.")
    response = api.post(
        "/api/v1/deals/",
        {"partner": "hidden", "country": "QQ", "deal_type": "bundling"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"partner", "country"}


def test_stage_moves_and_declines_are_actions(api, operator, partner):
    deal = DealFactory(operator=operator, partner=partner)
    moved = api.post(f"/api/v1/deals/{deal.pk}/move/", {"stage": "negotiating"}, format="json")
    assert moved.status_code == 200 and moved.json()["stage"] == "negotiating"
    wrong = api.post(f"/api/v1/deals/{deal.pk}/move/", {"stage": "ended"}, format="json")
    assert wrong.status_code == 409
    assert wrong.json()["detail"] == "A negotiating deal cannot move to ended."
    declined = api.post(
        f"/api/v1/deals/{deal.pk}/decline/",
        {"decline_reason": "competing_deal", "decline_explanation": "Rival signed."},
        format="json",
    )
    assert declined.status_code == 200
    assert declined.json()["decline_reason"] == "competing_deal"
    assert Contribution.objects.filter(kind="deal_advanced").count() == 2


def test_other_operators_may_read_but_not_change_a_deal(operator, partner, other_member):
    deal = DealFactory(operator=operator, partner=partner)
    client = APIClient()
    client.force_authenticate(other_member)
    assert client.get(f"/api/v1/deals/{deal.pk}/").status_code == 200
    response = client.patch(f"/api/v1/deals/{deal.pk}/", {"summary": "x"}, format="json")
    assert response.status_code == 403
    moved = client.post(f"/api/v1/deals/{deal.pk}/move/", {"stage": "signed"}, format="json")
    assert moved.status_code == 403


def test_a_suspended_operator_cannot_write_through_the_api(api, member, partner, opco):
    Operator.objects.filter(pk=member.membership.operator_id).update(status="suspended")
    member.membership.operator.refresh_from_db()  # the API client holds this very user object
    response = api.post(
        "/api/v1/deals/",
        {"partner": "spotify", "country": "FR", "deal_type": "bundling"},
        format="json",
    )
    assert response.status_code == 403
    assert "suspended" in response.json()["detail"]


def test_patch_changes_details_but_not_the_stage(api, operator, partner):
    deal = DealFactory(operator=operator, partner=partner)
    response = api.patch(
        f"/api/v1/deals/{deal.pk}/",
        {"summary": "Now zero-rated.", "stage": "launched"},
        format="json",
    )
    assert response.status_code == 200
    deal.refresh_from_db()
    assert deal.summary == "Now zero-rated." and deal.stage == "exploring"


def test_filters_ordering_and_pagination(api, operator, other_operator, partner):
    DealFactory(operator=operator, partner=partner, country="FR")
    DealFactory(operator=operator, partner=partner, country="PL", stage="signed")
    DealFactory(operator=other_operator, partner=partner, country="CO")
    by_country = api.get("/api/v1/deals/", {"country": "PL"}).json()
    assert [d["country"] for d in by_country["results"]] == ["PL"]
    by_operator = api.get("/api/v1/deals/", {"operator": "millicom"}).json()
    assert [d["country"] for d in by_operator["results"]] == ["CO"]
    ordered = api.get("/api/v1/deals/", {"ordering": "country"}).json()
    assert [d["country"] for d in ordered["results"]] == ["CO", "FR", "PL"]
    assert ordered["count"] == 3 and "next" in ordered


def test_the_schema_documents_the_deals_endpoints(api):
    schema = api.get("/api/schema/").content.decode()
    assert "/api/v1/deals/{id}/move/" in schema
    assert "/api/v1/deals/{id}/decline/" in schema


def test_a_deal_from_an_introduction_credits_the_introducer(member, operator, other_operator):
    from deals.services import log_deal
    from partners.models import Introduction

    partner = PartnerFactory(slug="family-wall", name="Family Wall")
    OpcoFactory(operator=operator, country="FR")
    introduction = Introduction.objects.create(
        partner=partner,
        from_operator=other_operator,
        to_operator=operator,
        countries=["FR"],
        pitch="Worked for us.",
        status="met",
    )
    deal = log_deal(
        by=member,
        values={
            "partner": partner,
            "country": "FR",
            "deal_type": "white_label",
            "introduction": introduction,
        },
    )
    introduction.refresh_from_db()
    assert introduction.status == "deal" and deal.introduction == introduction
    assert Contribution.objects.filter(operator=other_operator, kind="partner_introduced").exists()
    assert Deal.objects.count() == 1
