"""No identifier of a hidden object leaks through a lesson (issue 10.3): a lesson's deal and
partner are shown, in the API and on the pages, only to those who may see that deal or partner;
for everyone else the reference is null. A matrix over the personas and the deal's visibility,
with the number of queries kept constant."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import PERSONAS
from tests.factories import DealFactory, LessonFactory

# Whether each persona sees the id of Orange's deal linked to Orange's lesson, by visibility.
SEES_DEAL = {
    "private": {"member", "manager"},
    "summary": {"member", "manager", "other_member", "other_manager", "admin_user"},
    "alliance": {"member", "manager", "other_member", "other_manager", "admin_user"},
}
VIEWERS = [name for name in PERSONAS if name != "anonymous"]


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def lesson_about_a_deal(request, member, operator, partner):
    """A published lesson of Orange about one of its deals, of the visibility in `request.param`."""
    deal = DealFactory(partner=partner, operator=operator, country="FR", visibility=request.param)
    return LessonFactory(author=member, partner=partner, deal=deal, title="What our deal taught")


@pytest.mark.parametrize("lesson_about_a_deal", list(SEES_DEAL), indirect=True)
@pytest.mark.parametrize("persona", VIEWERS, indirect=True)
def test_the_api_gives_a_lessons_deal_only_to_who_may_see_the_deal(
    request, persona, lesson_about_a_deal
):
    name = request.node.callspec.params["persona"]
    visibility = lesson_about_a_deal.deal.visibility
    expected = lesson_about_a_deal.deal_id if name in SEES_DEAL[visibility] else None
    client = api_client(persona)
    detail = client.get(f"/api/v1/lessons/{lesson_about_a_deal.pk}/").json()
    (row,) = client.get("/api/v1/lessons/").json()["results"]
    assert detail["deal"] == row["deal"] == expected


@pytest.mark.parametrize("lesson_about_a_deal", ["private"], indirect=True)
@pytest.mark.parametrize("persona", VIEWERS, indirect=True)
def test_the_lesson_page_links_a_private_deal_for_its_operator_only(
    request, persona, client_for, lesson_about_a_deal
):
    name = request.node.callspec.params["persona"]
    html = client_for(persona).get(lesson_about_a_deal.get_absolute_url()).content.decode()
    deal_url = lesson_about_a_deal.deal.get_absolute_url()
    assert (deal_url in html) == (name in SEES_DEAL["private"])


@pytest.mark.parametrize("status", ["declined", "archived"])
def test_a_partner_members_may_not_see_is_null_for_them_and_shown_to_staff(
    status, member, other_member, admin_user, partner, client
):
    lesson = LessonFactory(author=member, partner=partner, title="About a partner that left")
    partner.status = status
    partner.decision_reason = "Not a fit for the alliance."
    partner.save()
    for user, shown in ((other_member, False), (member, False), (admin_user, True)):
        body = api_client(user).get(f"/api/v1/lessons/{lesson.pk}/").json()
        assert body["partner"] == (partner.slug if shown else None)
    client.force_login(other_member)
    page = client.get(lesson.get_absolute_url()).content.decode()
    listed = client.get("/lessons/").content.decode()
    assert partner.name not in page and partner.name not in listed


def test_the_author_gets_the_deal_back_when_linking_a_private_one(member, operator, partner):
    deal = DealFactory(partner=partner, operator=operator, country="FR", visibility="private")
    created = api_client(member).post(
        "/api/v1/lessons/",
        {
            "title": "A private deal's lesson",
            "outcome": "worked",
            "tried": "t",
            "happened": "h",
            "why": "w",
            "recommendation": "r",
            "category": "entertainment",
            "deal": deal.pk,
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["deal"] == deal.pk


def test_a_hidden_deal_cannot_be_linked_and_reads_as_unknown(member, other_member, partner):
    private = DealFactory(
        partner=partner, operator=other_member.membership.operator, visibility="private"
    )
    lesson = LessonFactory(author=member)
    refused = api_client(member).patch(
        f"/api/v1/lessons/{lesson.pk}/", {"deal": private.pk}, format="json"
    )
    missing = api_client(member).patch(
        f"/api/v1/lessons/{lesson.pk}/", {"deal": private.pk + 1000}, format="json"
    )
    assert refused.status_code == missing.status_code == 400
    assert refused.json()["deal"] == [
        msg.replace(str(private.pk + 1000), str(private.pk)) for msg in missing.json()["deal"]
    ]


def test_the_api_list_checks_references_without_a_query_per_lesson(
    member, other_member, operator, partner, django_assert_max_num_queries
):
    for number in range(20):
        deal = DealFactory(
            partner=partner,
            operator=operator,
            country="FR",
            stage="ended",
            visibility="private" if number % 2 else "alliance",
        )
        LessonFactory(author=member, partner=partner, deal=deal, countries=["FR"])
    client = api_client(other_member)
    with django_assert_max_num_queries(10):
        results = client.get("/api/v1/lessons/").json()["results"]
    assert sum(row["deal"] is None for row in results) == 10
