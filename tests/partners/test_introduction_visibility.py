"""An introduction is between two operators: its pitch, status, answer and decline reason are seen
by the introducing operator, the recipient operator and staff, on every surface; other members see
at most how many members a partner was introduced to and how many deals followed, never which.

The world: Millicom introduced Tunely to Orange for France, and Orange declined with a reason.
Millicom also introduced Tunely to Telia, which led to a deal. BT is a third operator; MTS is
suspended (its people read the portal, but only what any member may read).

Each test is one surface over every persona; adding a surface means adding one test here.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from partners import services
from tests.factories import IntroductionFactory, MembershipFactory, OpcoFactory, OperatorFactory

pytestmark = pytest.mark.django_db

PITCH = "Carrier-billed music kept our prepaid customers."
REASON = "Music bundles are saturated in France this year."

# persona → True: reads the Millicom → Orange introduction; False: does not know it exists;
# None: sent to sign in (page) or refused (API).
READS = {
    "introducer_member": True,
    "introducer_manager": True,
    "recipient_member": True,
    "recipient_manager": True,
    "third_member": False,
    "suspended_member": False,
    "staff": True,
    "anonymous": None,
}
PERSONAS = list(READS)


@pytest.fixture
def world(active_partner, operator, other_operator, other_member, member):
    """Millicom (`other_operator`) sponsors Tunely and introduces it to Orange (`operator`)."""
    OpcoFactory(operator=operator, country="FR")
    introduction = services.introduce_partner(
        partner=active_partner, by=other_member, to_operator=operator, countries=["FR"], pitch=PITCH
    )
    services.answer_introduction(introduction=introduction, by=member, accept=False, reason=REASON)
    IntroductionFactory(
        partner=active_partner,
        from_operator=other_operator,
        to_operator=OperatorFactory(name="Telia", slug="telia"),
        status="deal",
        pitch="A different pitch, to Telia.",
    )
    return {"partner": active_partner, "introduction": introduction}


@pytest.fixture
def viewer(request, member, manager, other_member, other_manager, admin_user):
    """The user of a persona of READS (None for anonymous)."""
    name = request.param
    if name == "third_member":
        return MembershipFactory(operator=OperatorFactory(name="BT", slug="bt")).user
    if name == "suspended_member":
        mts = OperatorFactory(name="MTS", slug="mts", status="suspended")
        return MembershipFactory(operator=mts).user
    return {
        "introducer_member": other_member,
        "introducer_manager": other_manager,
        "recipient_member": member,
        "recipient_manager": manager,
        "staff": admin_user,
        "anonymous": None,
    }[name]


def api_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def listed_ids(response) -> set[int] | None:
    if response.status_code == 401:
        return None
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_introduction_page_is_for_its_two_operators_and_staff(
    viewer, world, client_for, request
):
    expected = READS[request.node.callspec.params["viewer"]]
    response = client_for(viewer).get(world["introduction"].get_absolute_url())
    assert response.status_code == {True: 200, False: 404, None: 302}[expected]
    if expected:
        page = response.content.decode()
        assert PITCH in page and REASON in page


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_api_list_shows_an_introduction_only_to_its_two_operators_and_staff(
    viewer, world, request
):
    expected = READS[request.node.callspec.params["viewer"]]
    response = api_for(viewer).get("/api/v1/introductions/")
    ids = listed_ids(response)
    assert (None if ids is None else world["introduction"].pk in ids) == expected
    if not expected:
        assert PITCH not in response.content.decode()
        assert REASON not in response.content.decode()


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_api_detail_is_not_found_for_other_operators(viewer, world, request):
    expected = READS[request.node.callspec.params["viewer"]]
    response = api_for(viewer).get(f"/api/v1/introductions/{world['introduction'].pk}/")
    assert response.status_code == {True: 200, False: 404, None: 401}[expected]
    if expected:
        assert (response.json()["pitch"], response.json()["answer_reason"]) == (PITCH, REASON)


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_api_partner_filter_lists_only_the_viewers_introductions_of_the_partner(
    viewer, world, request
):
    expected = READS[request.node.callspec.params["viewer"]]
    response = api_for(viewer).get(f"/api/v1/introductions/?partner={world['partner'].slug}")
    ids = listed_ids(response)
    assert (None if ids is None else world["introduction"].pk in ids) == expected
    if ids is not None and not expected:
        assert ids == set()


def partner_page(client_for, viewer, partner) -> str | None:
    """The partner's page as `viewer` sees it (None: sent to sign in)."""
    response = client_for(viewer).get(partner.get_absolute_url())
    if viewer is None:
        assert response.status_code == 302
        return None
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_partner_pages_table_lists_only_the_viewers_introductions(
    viewer, world, client_for, request
):
    expected = READS[request.node.callspec.params["viewer"]]
    page = partner_page(client_for, viewer, world["partner"])
    assert (None if page is None else world["introduction"].get_absolute_url() in page) == expected
    if page is not None:
        assert ("Declined" in page) == expected  # the status of the introduction to Orange
        assert PITCH not in page and REASON not in page  # pitches stay on the introduction's page


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_every_member_sees_only_the_counts_of_a_partners_introductions(
    viewer, world, client_for, request
):
    persona = request.node.callspec.params["viewer"]
    page = partner_page(client_for, viewer, world["partner"])
    if page is None:
        return
    assert "Introduced to 2 members, 1 deal followed." in page
    # Who introduced Tunely to Telia is for Millicom, Telia and staff only.
    assert ("<td>Telia</td>" in page) == (persona.startswith("introducer") or persona == "staff")


def test_a_partner_without_introductions_says_so(client, member, active_partner):
    client.force_login(member)
    page = client.get(active_partner.get_absolute_url()).content.decode()
    assert "Not introduced to any member yet." in page


def test_the_inbox_of_a_third_operator_shows_no_introduction_of_others(client, world):
    client.force_login(MembershipFactory(operator=OperatorFactory(name="BT", slug="bt")).user)
    for box in ("received", "sent"):
        page = client.get(reverse("partners:introductions") + f"?box={box}").content.decode()
        assert "Tunely" not in page
