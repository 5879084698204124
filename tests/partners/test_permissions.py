"""Who may open each page and call each endpoint of the partners app: anonymous visitors, a member
and a manager of Orange, a member and a manager of Millicom, and an admin.

The partner `Tunely` is sponsored by Millicom; the introduction goes from Millicom to Orange.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from partners import services
from tests.conftest import PERSONAS
from tests.factories import OpcoFactory

pytestmark = pytest.mark.django_db

# persona → expected status, for GET on each member page.
MEMBER_PAGE = {
    "anonymous": 302,
    "member": 200,
    "manager": 200,
    "other_member": 200,
    "other_manager": 200,
    "admin_user": 200,
}


@pytest.fixture
def world(active_partner, application, other_member, operator):
    OpcoFactory(operator=operator, country="FR")
    introduction = services.introduce_partner(
        partner=active_partner,
        by=other_member,
        to_operator=operator,
        countries=["FR"],
        pitch="Try it.",
    )
    return {"partner": active_partner, "application": application, "introduction": introduction}


def member_pages(world) -> list[str]:
    partner, intro = world["partner"], world["introduction"]
    return [
        reverse("partners:list"),
        reverse("partners:review_queue"),
        reverse("partners:introductions"),
        partner.get_absolute_url(),
        intro.get_absolute_url(),
    ]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_member_pages_are_for_members_and_admins(client_for, persona, world, request):
    client = client_for(persona)
    expected = MEMBER_PAGE[request.node.callspec.params["persona"]]
    for url in member_pages(world):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_public_pages_are_open_to_everyone(client_for, persona, world):
    client = client_for(persona)
    assert client.get(reverse("partners:apply")).status_code == 200
    assert client.get(reverse("partners:apply_thanks")).status_code == 200
    assert client.get(world["application"].get_status_url()).status_code == 200


def test_a_signed_in_user_without_a_membership_is_told_why_they_cannot_see_partners(client, world):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("partners:list")).status_code == 403


# (page, persona) → status for the write pages (GET shows the form).
WRITE_PAGES = {
    "sponsor": {"member": 200, "other_member": 200, "admin_user": 403},
    "introduce": {"member": 200, "other_member": 200, "admin_user": 403},
    "edit": {"member": 403, "other_member": 200, "admin_user": 200},
    "decline": {"member": 403, "other_member": 403, "admin_user": 200},
}


@pytest.mark.parametrize("page", sorted(WRITE_PAGES))
@pytest.mark.parametrize("persona", ["member", "other_member", "admin_user"], indirect=True)
def test_write_pages_open_only_for_those_who_may_write(client_for, persona, world, page, request):
    slug = world["application" if page == "decline" else "partner"].slug
    expected = WRITE_PAGES[page][request.node.callspec.params["persona"]]
    assert client_for(persona).get(reverse(f"partners:{page}", args=[slug])).status_code == (
        expected
    )


def test_anonymous_visitors_are_sent_to_sign_in_for_every_write(client, world):
    slug = world["partner"].slug
    for name in ["sponsor", "introduce", "edit", "decline", "start_review"]:
        response = client.post(reverse(f"partners:{name}", args=[slug]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_members_cannot_see_declined_partners(client, member, admin_user, world):
    services.decline_application(partner=world["application"], by=admin_user, reason="No fit.")
    client.force_login(member)
    assert client.get(world["application"].get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    assert client.get(world["application"].get_absolute_url()).status_code == 200


# --- API -----------------------------------------------------------------------------------------
API_READ = {
    "anonymous": 401,
    "member": 200,
    "manager": 200,
    "other_member": 200,
    "other_manager": 200,
    "admin_user": 200,
}


def api_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_api_reads_are_for_members_and_admins(persona, world, request):
    expected = API_READ[request.node.callspec.params["persona"]]
    client = api_for(persona)
    for url in [
        "/api/v1/partners/",
        f"/api/v1/partners/{world['partner'].slug}/",
        "/api/v1/introductions/",
        f"/api/v1/introductions/{world['introduction'].pk}/",
    ]:
        assert client.get(url).status_code == expected, url


# persona → status when answering the introduction (Millicom → Orange) through the API.
API_ACCEPT = {
    "anonymous": 401,
    "member": 200,
    "manager": 200,
    "other_member": 403,
    "other_manager": 403,
    "admin_user": 403,
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_recipients_people_may_accept_an_introduction_through_the_api(
    persona, world, request
):
    expected = API_ACCEPT[request.node.callspec.params["persona"]]
    url = f"/api/v1/introductions/{world['introduction'].pk}/accept/"
    response = api_for(persona).post(url, {}, format="json")
    assert response.status_code == expected
    world["introduction"].refresh_from_db()
    assert world["introduction"].status == ("accepted" if expected == 200 else "proposed")


API_DECLINE_APPLICATION = {
    "anonymous": 401,
    "member": 403,
    "manager": 403,
    "other_member": 403,
    "other_manager": 403,
    "admin_user": 200,
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_admins_may_decline_an_application_through_the_api(persona, world, request):
    expected = API_DECLINE_APPLICATION[request.node.callspec.params["persona"]]
    url = f"/api/v1/partners/{world['application'].slug}/decline/"
    response = api_for(persona).post(url, {"reason": "No fit."}, format="json")
    assert response.status_code == expected
    world["application"].refresh_from_db()
    assert world["application"].status == ("declined" if expected == 200 else "applied")


API_SPONSOR = {
    "anonymous": 401,
    "member": 200,
    "manager": 200,
    "other_member": 200,
    "other_manager": 200,
    "admin_user": 403,
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_members_of_any_operator_may_sponsor_an_application_and_admins_may_not(
    persona, world, request
):
    expected = API_SPONSOR[request.node.callspec.params["persona"]]
    url = f"/api/v1/partners/{world['application'].slug}/sponsor/"
    response = api_for(persona).post(url, {"pitch": "Works for us."}, format="json")
    assert response.status_code == expected
    world["application"].refresh_from_db()
    assert world["application"].status == ("active" if expected == 200 else "applied")


def test_a_hidden_partner_is_not_found_through_the_api(member, admin_user, world):
    services.decline_application(partner=world["application"], by=admin_user, reason="No.")
    response = api_for(member).get(f"/api/v1/partners/{world['application'].slug}/")
    assert response.status_code == 404
