"""The rules of a deal, enforced by the services (whatever the surface) and the database."""

from __future__ import annotations

import contextlib
import threading
from datetime import date

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.errors import Invalid
from alliance.models import Contribution
from deals.models import Deal
from deals.services import log_deal
from tests.factories import (
    DealFactory,
    MembershipFactory,
    OpcoFactory,
    OperatorFactory,
    PartnerFactory,
)

DUPLICATE_OPEN_DEAL = (
    "Orange already has an open deal with Spotify in France: advance or close that one instead."
)


def values(partner, **extra):
    return {"partner": partner, "country": "FR", "deal_type": "bundling", **extra}


def test_a_second_open_deal_for_the_same_partner_and_country_is_refused_by_the_form(
    client_for, member, partner, opco
):
    DealFactory(operator=member.membership.operator, partner=partner, country="FR")
    response = client_for(member).post(
        reverse("deals:create"),
        {
            "partner": partner.pk,
            "country": "FR",
            "stage": "exploring",
            "deal_type": "bundling",
            "started_on": "2026-01-05",
            "visibility": "alliance",
        },
    )
    assert response.status_code == 200
    assert DUPLICATE_OPEN_DEAL in response.content.decode()
    assert Deal.objects.count() == 1


def test_a_second_open_deal_is_refused_by_the_api_with_the_same_message(member, partner, opco):
    DealFactory(operator=member.membership.operator, partner=partner, country="FR")
    client = APIClient()
    client.force_authenticate(member)
    response = client.post(
        "/api/v1/deals/",
        {"partner": "spotify", "country": "FR", "deal_type": "bundling"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == DUPLICATE_OPEN_DEAL


def test_a_new_deal_may_follow_a_declined_one_in_the_same_country(member, partner, opco):
    DealFactory(
        operator=member.membership.operator,
        partner=partner,
        country="FR",
        stage="declined",
        decline_reason="no_budget",
    )
    deal = log_deal(by=member, values=values(partner))
    assert deal.is_open


def test_the_database_refuses_a_duplicate_open_deal_even_if_the_checks_are_bypassed(
    operator, partner
):
    DealFactory(operator=operator, partner=partner, country="FR")
    with pytest.raises(IntegrityError), transaction.atomic():
        DealFactory(operator=operator, partner=partner, country="FR", stage="signed")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_for_the_same_deal_log_it_once():
    """Two people of the same operator post the same deal at the same moment: one gets 201, the
    other the clear message (409) — the unique constraint decides, not a race between checks."""
    operator = OperatorFactory(slug="orange", name="Orange")
    OpcoFactory(operator=operator, country="FR")
    users = [MembershipFactory(operator=operator).user for _ in range(2)]
    PartnerFactory(slug="spotify", name="Spotify")
    barrier = threading.Barrier(2)
    responses: list = []
    # SQLite's shared in-memory test database cannot hold two writers (it answers "table is
    # locked" at once instead of waiting), so there the two requests take turns; on PostgreSQL,
    # as in CI, they really run at the same time.
    gate = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def attempt(user) -> None:
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        try:
            with gate:
                responses.append(
                    client.post(
                        "/api/v1/deals/",
                        {"partner": "spotify", "country": "FR", "deal_type": "bundling"},
                        format="json",
                    )
                )
        finally:
            close_old_connections()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in responses) == [201, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert refused.json()["detail"] == DUPLICATE_OPEN_DEAL
    assert Deal.objects.count() == 1
    assert Contribution.objects.filter(kind="deal_logged").count() == 1


def test_an_opco_of_another_operator_is_refused_by_the_form(client_for, member, partner):
    foreign = OpcoFactory(operator=OperatorFactory(slug="bt"), country="FR")
    response = client_for(member).post(
        reverse("deals:create"),
        {
            "partner": partner.pk,
            "country": "FR",
            "opco": foreign.pk,
            "stage": "exploring",
            "deal_type": "bundling",
            "started_on": "2026-01-05",
            "visibility": "alliance",
        },
    )
    assert response.status_code == 200
    assert Deal.objects.count() == 0


def test_an_opco_of_another_operator_is_refused_by_the_service_and_the_database(
    member, partner, opco
):
    foreign = OpcoFactory(operator=OperatorFactory(slug="bt", name="BT"), country="FR")
    with pytest.raises(Invalid, match="is not an opco of Orange"):
        log_deal(by=member, values=values(partner, opco=foreign))
    with pytest.raises(IntegrityError), transaction.atomic():
        DealFactory(operator=member.membership.operator, partner=partner, opco=foreign)


def test_an_own_opco_in_another_country_is_refused(member, partner, opco):
    operator = member.membership.operator
    poland = OpcoFactory(operator=operator, country="PL", brand_name="Orange Polska")
    with pytest.raises(Invalid, match="Orange Polska is in Poland, not in France"):
        log_deal(by=member, values=values(partner, opco=poland))
    with pytest.raises(IntegrityError), transaction.atomic():
        DealFactory(operator=operator, partner=partner, country="FR", opco=poland)


def test_dates_out_of_order_are_refused_with_a_message_and_by_the_database(member, partner, opco):
    operator = member.membership.operator
    with pytest.raises(Invalid, match="cannot be signed before it was started") as refused:
        log_deal(
            by=member,
            values=values(partner, started_on=date(2026, 3, 1), signed_on=date(2026, 2, 1)),
        )
    assert refused.value.field == "signed_on"
    with pytest.raises(IntegrityError), transaction.atomic():
        DealFactory(
            operator=operator,
            partner=partner,
            started_on=date(2026, 3, 1),
            signed_on=date(2026, 3, 2),
            launched_on=date(2026, 3, 1),
        )


def test_a_decline_reason_belongs_only_to_declined_deals(operator, partner):
    with pytest.raises(IntegrityError), transaction.atomic():
        DealFactory(operator=operator, partner=partner, decline_reason="no_budget")
    with pytest.raises(IntegrityError), transaction.atomic():
        DealFactory(operator=operator, partner=partner, stage="declined")
    DealFactory(operator=operator, partner=partner, stage="declined", decline_reason="other")
