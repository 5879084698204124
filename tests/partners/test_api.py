"""The partners API: lists with filters and pages, applications with the form's checks, the review
and introduction transitions as actions, and their place in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from alliance.models import Contribution
from partners.models import Introduction, Partner
from tests.factories import OpcoFactory, PartnerFactory, SponsorshipFactory
from tests.partners.conftest import PNG_BYTES, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(member) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


@pytest.fixture
def new_partner() -> dict:
    return {
        "name": "Parkwise",
        "website": "https://parkwise.example",
        "category": "iot_m2m",
        "description": "Parking sensors over NB-IoT.",
        "hq_country": "NL",
        "countries": ["NL", "BE"],
        "contact_name": "Joost",
        "contact_email": "joost@parkwise.example",
    }


def test_the_list_filters_by_category_country_status_sponsor_and_text(api, other_operator):
    music = PartnerFactory(name="Tunely", category="entertainment", countries=["SE"])
    SponsorshipFactory(partner=music, operator=other_operator)
    PartnerFactory(name="Carly", category="iot_m2m", countries=["DE"], description="Cars")
    PartnerFactory(name="Openapp", status="applied", countries=["SE"])

    def names(query: str) -> list[str]:
        response = api.get(f"/api/v1/partners/?{query}")
        assert response.status_code == 200
        return [row["name"] for row in response.json()["results"]]

    assert names("category=entertainment") == ["Openapp", "Tunely"]
    assert names("country=DE") == ["Carly"]
    assert names("status=applied") == ["Openapp"]
    assert names("sponsor=millicom") == ["Tunely"]
    assert names("q=cars") == ["Carly"]
    assert names("") == ["Carly", "Openapp", "Tunely"]


def test_an_invalid_filter_value_is_a_clear_400(api):
    response = api.get("/api/v1/partners/?country=XX")
    assert response.status_code == 400
    assert "country" in response.json()


def test_the_list_is_paginated_fifty_to_a_page(api):
    PartnerFactory.create_batch(51, countries=[])
    first = api.get("/api/v1/partners/").json()
    assert (first["count"], len(first["results"])) == (51, 50)
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_a_member_submits_an_application_and_the_applicant_gets_the_status_link(
    api, new_partner, committed
):
    with committed():
        response = api.post("/api/v1/partners/", new_partner, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["countries"]) == ("applied", ["BE", "NL"])
    partner = Partner.objects.get()
    assert any(partner.get_status_url() in m.body for m in mail.outbox)


def test_a_pitch_deck_is_uploaded_as_multipart(api, new_partner):
    response = api.post(
        "/api/v1/partners/", {**new_partner, "pitch_deck": pdf()}, format="multipart"
    )
    assert response.status_code == 201
    assert response.json()["has_pitch_deck"] is True


@pytest.mark.parametrize(
    ("change", "field", "fmt"),
    [
        ({"name": ""}, "name", "json"),
        ({"name": "N" * 10_000}, "name", "json"),
        ({"countries": ["NL", "XX"]}, "countries", "json"),
        ({"hq_country": "ZZ"}, "hq_country", "json"),
        ({"website": "javascript:alert(1)"}, "website", "json"),
        ({"category": "weapons"}, "category", "json"),
        ({"pitch_deck": "png"}, "pitch_deck", "multipart"),
    ],
)
def test_bad_applications_are_refused_field_by_field_and_nothing_is_saved(
    api, new_partner, change, field, fmt
):
    data = {**new_partner, **change}
    if change.get("pitch_deck") == "png":
        data["pitch_deck"] = pdf(content=PNG_BYTES)
    response = api.post("/api/v1/partners/", data, format=fmt)
    assert response.status_code == 400
    assert field in response.json()
    assert not Partner.objects.exists()


def test_a_pitch_deck_over_the_limit_is_refused_before_it_is_read(api, new_partner):
    huge = pdf(content=b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    data = {**new_partner, "pitch_deck": huge}
    response = api.post("/api/v1/partners/", data, format="multipart")
    assert response.status_code == 413  # refused as it streams in (alliance.uploads)
    assert "at most 10 MB" in response.json()["detail"]
    assert not Partner.objects.exists()


def test_a_missing_field_is_named_in_the_error(api, new_partner):
    del new_partner["contact_email"]
    response = api.post("/api/v1/partners/", new_partner, format="json")
    assert response.status_code == 400
    assert response.json() == {"contact_email": ["This field is required."]}


def test_html_in_text_is_stored_as_typed_and_returned_as_json_text(api, new_partner):
    script = "<script>alert(1)</script>"
    response = api.post("/api/v1/partners/", {**new_partner, "description": script}, format="json")
    assert response.status_code == 201
    assert response.json()["description"] == script
    assert response["Content-Type"].startswith("application/json")


def test_review_and_sponsor_actions_move_an_application_to_active(api, application, operator):
    slug = application.slug
    assert api.post(f"/api/v1/partners/{slug}/start_review/").json()["status"] == "under_review"
    again = api.post(f"/api/v1/partners/{slug}/start_review/")
    assert again.status_code == 409
    assert "not a new application" in again.json()["detail"]
    response = api.post(f"/api/v1/partners/{slug}/sponsor/", {"pitch": "Yes."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "active"
    assert [s["operator"] for s in body["sponsorships"]] == ["orange"]
    assert set(Contribution.objects.values_list("kind", flat=True)) == {
        "application_reviewed",
        "partner_sponsored",
    }


def test_sponsoring_without_a_pitch_is_a_400(api, application):
    response = api.post(f"/api/v1/partners/{application.slug}/sponsor/", {}, format="json")
    assert response.status_code == 400
    assert "pitch" in response.json()


def test_a_sponsor_updates_the_profile_through_the_api(other_member, active_partner):
    client = APIClient()
    client.force_authenticate(other_member)
    response = client.patch(
        f"/api/v1/partners/{active_partner.slug}/",
        {"description": "New pitch.", "countries": ["SE"]},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["description"], response.json()["countries"]) == ("New pitch.", ["SE"])


def test_a_non_sponsor_cannot_update_the_profile(api, active_partner):
    response = api.patch(
        f"/api/v1/partners/{active_partner.slug}/", {"description": "Mine now."}, format="json"
    )
    assert response.status_code == 403
    active_partner.refresh_from_db()
    assert active_partner.description != "Mine now."


@pytest.fixture
def footprint(operator):
    OpcoFactory(operator=operator, country="FR")


def test_an_introduction_goes_through_every_step_by_api(
    other_member, member, active_partner, operator, footprint
):
    introducer, recipient = APIClient(), APIClient()
    introducer.force_authenticate(other_member)
    recipient.force_authenticate(member)
    created = introducer.post(
        "/api/v1/introductions/",
        {
            "partner": active_partner.slug,
            "to_operator": "orange",
            "countries": ["FR"],
            "pitch": "Go",
        },
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert recipient.get("/api/v1/introductions/?box=received").json()["count"] == 1
    assert introducer.get("/api/v1/introductions/?box=received").json()["count"] == 0
    patched = introducer.patch(f"/api/v1/introductions/{pk}/", {"pitch": "Better"}, format="json")
    assert patched.json()["pitch"] == "Better"
    assert recipient.post(f"/api/v1/introductions/{pk}/accept/").json()["status"] == "accepted"
    assert recipient.post(f"/api/v1/introductions/{pk}/met/").json()["status"] == "met"
    assert introducer.post(f"/api/v1/introductions/{pk}/deal/").json()["status"] == "deal"
    late = introducer.patch(f"/api/v1/introductions/{pk}/", {"pitch": "Late"}, format="json")
    assert late.status_code == 409


def test_declining_an_introduction_by_api_needs_a_reason(
    other_member, member, active_partner, operator, footprint
):
    from partners import services

    introduction = services.introduce_partner(
        partner=active_partner, by=other_member, to_operator=operator, countries=["FR"], pitch="x"
    )
    client = APIClient()
    client.force_authenticate(member)
    url = f"/api/v1/introductions/{introduction.pk}/decline/"
    assert client.post(url, {}, format="json").status_code == 400
    response = client.post(url, {"reason": "Not for us."}, format="json")
    assert (response.status_code, response.json()["answer_reason"]) == (200, "Not for us.")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"partner": "no-such-partner"}, "partner"),
        ({"to_operator": "nobody"}, "to_operator"),
        ({"countries": ["XX"]}, "countries"),
        ({"countries": []}, "countries"),
        ({"response_due_on": "2000-01-01"}, "response_due_on"),
        ({"pitch": "p" * 10_000}, "pitch"),
    ],
)
def test_bad_introductions_are_refused(other_member, active_partner, footprint, change, field):
    client = APIClient()
    client.force_authenticate(other_member)
    data = {
        "partner": active_partner.slug,
        "to_operator": "orange",
        "countries": ["FR"],
        "pitch": "Go",
        **change,
    }
    response = client.post("/api/v1/introductions/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Introduction.objects.exists()


def test_an_introduction_to_ones_own_operator_is_a_400_on_the_recipient(
    other_member, active_partner
):
    client = APIClient()
    client.force_authenticate(other_member)
    response = client.post(
        "/api/v1/introductions/",
        {
            "partner": active_partner.slug,
            "to_operator": "millicom",
            "countries": ["CO"],
            "pitch": "Self",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "to_operator": ["Introduce the partner to another member, not your own operator."]
    }


def test_the_schema_documents_the_partner_and_introduction_endpoints_and_actions(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in [
        "/api/v1/partners/",
        "/api/v1/partners/{slug}/sponsor/",
        "/api/v1/partners/{slug}/decline/",
        "/api/v1/partners/{slug}/start_review/",
        "/api/v1/introductions/",
        "/api/v1/introductions/{id}/accept/",
        "/api/v1/introductions/{id}/decline/",
        "/api/v1/introductions/{id}/met/",
        "/api/v1/introductions/{id}/deal/",
    ]:
        assert path in paths, path
    parameters = {p["name"] for p in paths["/api/v1/partners/"]["get"]["parameters"]}
    assert {"category", "country", "status", "sponsor", "q", "page"} <= parameters
