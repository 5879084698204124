"""`Deal.is_writable_by`: the one rule for changing a deal — a person of the owning operator, while
that operator may contribute. Every change (edit, move, decline) on every surface (page, API)
refuses everyone else with the same 403 and sentence, and changes nothing; pages offer the buttons
only to those the rule lets through; the admin writes no deal at all."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.models import AuditLogEntry, Operator
from deals.models import Deal
from tests.factories import DealFactory

NOT_OWNER = "Only people of the operator that owns the deal may change it."
SUSPENDED = (
    "Orange is suspended: its people can read the portal but not change anything until it is "
    "reinstated."
)
STAFF = "Alliance admins act through the admin pages, not on behalf of an operator."


@pytest.fixture
def deal(operator, partner, opco):
    return DealFactory(operator=operator, partner=partner, country="FR", opco=opco)


@pytest.fixture
def suspended_member(member, operator):
    Operator.objects.filter(pk=operator.pk).update(status=Operator.Status.SUSPENDED)
    member.membership.operator.refresh_from_db()
    return member


WRITERS_REFUSED = [
    ("other_member", NOT_OWNER),
    ("suspended_member", SUSPENDED),
    ("admin_user", STAFF),
]


def page_edit(client, deal):
    return client.post(
        reverse("deals:edit", args=[deal.pk]),
        {"deal_type": "zero_rating", "started_on": "2026-01-01", "visibility": "alliance"},
    )


def page_move(client, deal):
    return client.post(reverse("deals:move", args=[deal.pk]), {"to_stage": "negotiating"})


def page_decline(client, deal):
    data = {"decline_reason": "no_budget", "decline_explanation": "No money left."}
    return client.post(reverse("deals:decline", args=[deal.pk]), data)


def api_edit(client, deal):
    return client.patch(f"/api/v1/deals/{deal.pk}/", {"deal_type": "zero_rating"}, format="json")


def api_move(client, deal):
    return client.post(f"/api/v1/deals/{deal.pk}/move/", {"stage": "negotiating"}, format="json")


def api_decline(client, deal):
    data = {"decline_reason": "no_budget", "decline_explanation": "No money left."}
    return client.post(f"/api/v1/deals/{deal.pk}/decline/", data, format="json")


def page_sentence(response) -> str:
    return response.context["message"]


def api_sentence(response) -> str:
    return response.json()["detail"]


# (surface, action, send, read the sentence): one row per change a surface offers.
CHANGES = [
    ("page", "edit", page_edit, page_sentence),
    ("page", "move", page_move, page_sentence),
    ("page", "decline", page_decline, page_sentence),
    ("api", "edit", api_edit, api_sentence),
    ("api", "move", api_move, api_sentence),
    ("api", "decline", api_decline, api_sentence),
]


def client_of(surface: str, user, client):
    if surface == "api":
        api = APIClient()
        api.force_authenticate(user)
        return api
    client.force_login(user)
    return client


@pytest.mark.parametrize(("surface", "action", "send", "sentence_of"), CHANGES)
@pytest.mark.parametrize(("who", "sentence"), WRITERS_REFUSED)
def test_only_the_owning_operators_people_change_a_deal_on_every_surface(
    request, client, deal, surface, action, send, sentence_of, who, sentence
):
    user = request.getfixturevalue(who)
    response = send(client_of(surface, user, client), deal)
    assert response.status_code == 403
    assert sentence_of(response) == sentence
    refreshed = Deal.objects.get(pk=deal.pk)
    assert (refreshed.stage, refreshed.deal_type) == ("exploring", "distribution")
    assert not AuditLogEntry.objects.exists()


@pytest.mark.parametrize(("surface", "action", "send", "sentence_of"), CHANGES)
def test_the_owning_operators_member_changes_the_deal_on_every_surface(
    client, member, deal, surface, action, send, sentence_of
):
    response = send(client_of(surface, member, client), deal)
    assert response.status_code in (200, 302)
    assert AuditLogEntry.objects.get().action in ("deal.edited", "deal.moved")


@pytest.mark.parametrize(
    ("who", "writable"),
    [("member", True), ("manager", True), *((who, False) for who, _ in WRITERS_REFUSED)],
)
def test_the_deal_page_offers_changes_only_to_those_who_may_make_them(
    request, client, deal, who, writable
):
    user = request.getfixturevalue(who)
    assert deal.is_writable_by(user) is writable
    client.force_login(user)
    page = client.get(deal.get_absolute_url()).content.decode()
    for offer in (reverse("deals:edit", args=[deal.pk]), "Move the deal", "Decline the deal…"):
        assert (offer in page) is writable, offer


@pytest.mark.parametrize(
    ("who", "offered"), [("member", True), ("suspended_member", False), ("admin_user", False)]
)
def test_lists_offer_logging_and_importing_only_to_those_who_may(request, client, who, offered):
    client.force_login(request.getfixturevalue(who))
    for name in ("deals:list", "deals:pipeline"):
        response = client.get(reverse(name))
        if response.status_code == 404:  # staff have no pipeline
            continue
        page = response.content.decode()
        assert (reverse("deals:create") in page) is offered, name
    listing = client.get(reverse("deals:list")).content.decode()
    assert (reverse("deals:import") in listing) is offered


def test_staff_are_not_offered_a_pipeline_they_do_not_have(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("deals:list")).content.decode()
    assert reverse("deals:pipeline") not in page
    assert client.get(reverse("deals:pipeline")).status_code == 404


def test_the_admin_writes_no_deal(client, admin_user, deal):
    client.force_login(admin_user)
    assert client.get(reverse("admin:deals_deal_add")).status_code == 403
    change = reverse("admin:deals_deal_change", args=[deal.pk])
    assert client.get(change).status_code == 200  # it may be read
    response = client.post(change, {"stage": "launched", "deal_type": "other"})
    assert response.status_code == 403
    assert client.post(reverse("admin:deals_deal_delete", args=[deal.pk])).status_code == 403
    assert Deal.objects.get(pk=deal.pk).deal_type == "distribution"
