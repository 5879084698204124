"""Each rule of the partners app holds on every surface, with the same status and the same sentence:
the same violating input sent through the page form and the API is refused alike and nothing is
written. A new surface is one more entry in INTRODUCE or ANSWER (or a branch for pitch decks).

The world: Millicom (`other_operator`) sponsors Tunely; Orange (`operator`) has an opco in France.
"""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from partners import services
from partners.models import Introduction, Partner
from tests.factories import OpcoFactory
from tests.partners.conftest import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def orange_in_france(operator):
    OpcoFactory(operator=operator, country="FR")


def later(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def api_text(response) -> str:
    return str(response.json())


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- Introducing: countries in the recipient's footprint, due date, who may write -----------------
def introduce_by_page(client, user, partner, recipient, change: dict):
    client.force_login(user)
    data = {
        "to_operator": recipient.pk,
        "countries": ["FR"],
        "pitch": "Try it.",
        "response_due_on": later(14),
    }
    response = client.post(reverse("partners:introduce", args=[partner.slug]), {**data, **change})
    return response.status_code, page_text(response)


def introduce_by_api(client, user, partner, recipient, change: dict):
    data = {"partner": partner.slug, "to_operator": recipient.slug, "countries": ["FR"]}
    data["pitch"] = "Try it."
    response = api(user).post("/api/v1/introductions/", {**data, **change}, format="json")
    return response.status_code, api_text(response)


INTRODUCE = {"page": introduce_by_page, "api": introduce_by_api}


@pytest.mark.parametrize("surface", sorted(INTRODUCE))
@pytest.mark.parametrize(
    ("change", "status", "sentence"),
    [
        ({"countries": ["BR"]}, 400, "Orange has no opco in Brazil."),
        ({"countries": ["FR", "DE"]}, 400, "Orange has no opco in Germany."),
        ({"response_due_on": later(0)}, 400, "The answer must be due after today."),
        ({"response_due_on": later(91)}, 400, "Give the recipient at most 90 days to answer."),
    ],
)
def test_an_introduction_breaking_a_rule_is_refused_alike_on_every_surface(
    client,
    other_member,
    active_partner,
    operator,
    orange_in_france,
    surface,
    change,
    status,
    sentence,
):
    got = INTRODUCE[surface](client, other_member, active_partner, operator, change)
    assert got[0] == status
    assert sentence in got[1]
    assert not Introduction.objects.exists()


def test_an_operator_without_opcos_cannot_be_introduced_to(
    client, other_member, active_partner, operator
):
    for surface in INTRODUCE.values():
        status, text = surface(client, other_member, active_partner, operator, {})
        assert (status, "Orange has no opco in France." in text) == (400, True)
    assert not Introduction.objects.exists()


@pytest.mark.parametrize("surface", sorted(INTRODUCE))
def test_a_suspended_operators_member_cannot_introduce_on_any_surface(
    client, other_member, other_operator, active_partner, operator, orange_in_france, surface
):
    other_operator.status = "suspended"
    other_operator.save()
    status, text = INTRODUCE[surface](client, other_member, active_partner, operator, {})
    assert status == 403
    assert "Millicom is suspended: its people can read the portal but not change anything" in text
    assert not Introduction.objects.exists()


def test_the_introducer_cannot_move_countries_outside_the_footprint_through_the_api(
    other_member, active_partner, operator, orange_in_france
):
    introduction = services.introduce_partner(
        partner=active_partner, by=other_member, to_operator=operator, countries=["FR"], pitch="x"
    )
    response = api(other_member).patch(
        f"/api/v1/introductions/{introduction.pk}/", {"countries": ["BR"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"countries": ["Orange has no opco in Brazil."]}
    introduction.refresh_from_db()
    assert introduction.countries == ["FR"]


# --- Answering: only the recipient, within its rules ----------------------------------------------
@pytest.fixture
def proposed(active_partner, other_member, operator, orange_in_france):
    return services.introduce_partner(
        partner=active_partner, by=other_member, to_operator=operator, countries=["FR"], pitch="x"
    )


def answer_by_page(client, user, introduction, decision: str, reason: str = ""):
    client.force_login(user)
    response = client.post(
        reverse("partners:introduction_answer", args=[introduction.pk]),
        {"decision": decision, "reason": reason},
    )
    return response.status_code, page_text(response)


def answer_by_api(client, user, introduction, decision: str, reason: str = ""):
    url = f"/api/v1/introductions/{introduction.pk}/{decision}/"
    response = api(user).post(url, {"reason": reason}, format="json")
    return response.status_code, api_text(response)


ANSWER = {"page": answer_by_page, "api": answer_by_api}


@pytest.mark.parametrize("surface", sorted(ANSWER))
def test_only_the_recipient_answers_on_every_surface(client, other_member, proposed, surface):
    status, text = ANSWER[surface](client, other_member, proposed, "accept")
    assert status == 403
    assert "Only the operator it was made to may answer this introduction." in text
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


@pytest.mark.parametrize("surface", sorted(ANSWER))
def test_declining_without_a_reason_is_refused_alike_on_every_surface(
    client, member, proposed, surface
):
    status, text = ANSWER[surface](client, member, proposed, "decline")
    assert status == 400
    assert "Say why you decline: the introducer learns from it." in text
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


@pytest.mark.parametrize("surface", sorted(ANSWER))
def test_an_answered_introduction_cannot_be_answered_again_on_any_surface(
    client, member, proposed, surface
):
    services.answer_introduction(introduction=proposed, by=member, accept=True)
    status, text = ANSWER[surface](client, member, proposed, "decline", "Changed our mind.")
    assert status == 409
    assert "This introduction was accepted; it can no longer be answered." in text


@pytest.mark.parametrize("surface", sorted(ANSWER))
def test_an_overdue_introduction_cannot_be_answered_on_any_surface(
    client, member, proposed, surface
):
    Introduction.objects.filter(pk=proposed.pk).update(
        response_due_on=timezone.localdate() - timedelta(days=1)
    )
    status, text = ANSWER[surface](client, member, proposed, "accept")
    assert status == 409
    assert "This introduction was due for an answer on" in text


def test_the_page_offers_the_answer_form_only_to_the_recipient(
    client, member, other_member, proposed
):
    client.force_login(member)
    assert "Send the answer" in client.get(proposed.get_absolute_url()).content.decode()
    client.force_login(other_member)
    assert "Send the answer" not in client.get(proposed.get_absolute_url()).content.decode()


# --- Pitch decks: a PDF by its first bytes, at most 10 MB -----------------------------------------
def apply_by_page(client, application: dict, deck):
    response = client.post("/partners/apply/", {**application, "pitch_deck": deck})
    return response.status_code, page_text(response)


def apply_by_api(client, application: dict, deck, *, member):
    body = {**application, "pitch_deck": deck}
    del body["works_with"]
    response = api(member).post("/api/v1/partners/", body, format="multipart")
    return response.status_code, api_text(response)


@pytest.mark.parametrize("surface", ["page", "api"])
@pytest.mark.parametrize(
    "content",
    [
        b"<html>%PDF-<script>alert(1)</script></html>",
        b"\n%PDF-1.4\n",
        b"PDF-1.4 %PDF-",
    ],
    ids=["html-with-pdf-marker", "marker-after-a-newline", "marker-later"],
)
def test_a_deck_that_does_not_start_like_a_pdf_is_refused_on_every_surface(
    client, member, application_form, surface, content
):
    deck = pdf(content=content)
    if surface == "page":
        status, text = apply_by_page(client, application_form, deck)
    else:
        status, text = apply_by_api(client, application_form, deck, member=member)
    assert status == 400
    assert "The pitch deck must be a PDF file; this file is not a PDF." in text
    assert not Partner.objects.exists()


@pytest.mark.parametrize("surface", ["page", "api"])
def test_a_real_pdf_deck_is_accepted_on_every_surface(client, member, application_form, surface):
    if surface == "page":
        status, _ = apply_by_page(client, application_form, pdf(content=PDF_BYTES))
        assert status == 302
    else:
        status, _ = apply_by_api(client, application_form, pdf(content=PDF_BYTES), member=member)
        assert status == 201
    assert Partner.objects.get().pitch_deck


def test_the_form_and_the_api_schema_state_the_decks_format_and_size_limit(client, member):
    assert "PDF, at most 10 MB." in client.get("/partners/apply/").content.decode()
    schema = api(member).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    properties = schema["components"]["schemas"]["PartnerWriteRequest"]["properties"]
    assert properties["pitch_deck"]["description"] == "PDF, at most 10 MB."


# --- A partner's name has a letter or a digit, when applying and when edited ----------------------
NO_NAME = "Enter the company's name: it has no letter or digit."


def test_a_name_without_letters_is_refused_alike_when_applying(client, member, application_form):
    body = {**application_form, "name": "!!! ..."}
    page = client.post("/partners/apply/", body)
    del body["works_with"]
    response = api(member).post("/api/v1/partners/", body, format="json")
    assert (page.status_code, NO_NAME in page_text(page)) == (400, True)
    assert (response.status_code, response.json()) == (400, {"name": [NO_NAME]})
    assert not Partner.objects.exists()


def test_a_name_without_letters_is_refused_alike_when_edited(client, other_member, active_partner):
    client.force_login(other_member)
    form = {
        "name": "???",
        "website": active_partner.website,
        "category": "entertainment",
        "hq_country": "SE",
        "countries": ["SE"],
        "description": "Music.",
        "contact_name": "Sam",
        "contact_email": "sam@tunely.example",
    }
    page = client.post(reverse("partners:edit", args=[active_partner.slug]), form)
    response = api(other_member).patch(
        f"/api/v1/partners/{active_partner.slug}/", {"name": "???"}, format="json"
    )
    assert (page.status_code, NO_NAME in page_text(page)) == (400, True)
    assert (response.status_code, response.json()) == (400, {"name": [NO_NAME]})
    active_partner.refresh_from_db()
    assert active_partner.name == "Tunely"
