"""The dashboard's figures over every deal are kept in the cache (deals.figures, through
alliance.summaries) and made afresh as soon as a service changes what they are made of."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.ledger import record_contribution
from alliance.models import Contribution
from alliance.standing.figures import monthly_contributions
from deals.figures import dashboard_deal_figures
from deals.services import log_deal
from tests.factories import DealFactory, OpcoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rival_deal(other_operator, partner):
    """Another operator's exclusive open deal for the partner in France."""
    return DealFactory(operator=other_operator, partner=partner, country="FR", exclusive=True)


def test_the_conflict_count_is_read_from_the_cache(member, rival_deal, django_assert_num_queries):
    dashboard_deal_figures(member)

    with django_assert_num_queries(0):
        dashboard_deal_figures(member)


def test_logging_a_deal_counts_its_conflict_at_once(
    member, operator, partner, rival_deal, django_capture_on_commit_callbacks
):
    OpcoFactory(operator=operator, country="FR")
    assert dashboard_deal_figures(member)["conflicts"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        log_deal(by=member, values={"partner": partner, "country": "FR", "deal_type": "bundling"})

    assert dashboard_deal_figures(member)["conflicts"] == 1


def test_the_dashboard_shows_a_conflict_logged_after_its_last_view(
    client_for, member, operator, partner, rival_deal, django_capture_on_commit_callbacks
):
    OpcoFactory(operator=operator, country="FR")
    client = client_for(member)
    client.get(reverse("alliance:dashboard"))

    with django_capture_on_commit_callbacks(execute=True):
        log_deal(by=member, values={"partner": partner, "country": "FR", "deal_type": "bundling"})

    assert "1 exclusivity conflict to resolve" in client.get(reverse("alliance:dashboard")).text


def test_each_operators_people_see_their_own_operators_figures(member, other_member, rival_deal):
    mine, theirs = dashboard_deal_figures(member), dashboard_deal_figures(other_member)

    assert mine["own_open"] == 0 and theirs["own_open"] == 1


def test_a_new_contribution_shows_in_the_monthly_chart_at_once(
    member, operator, partner, django_capture_on_commit_callbacks
):
    before = sum(bar.count for bar in monthly_contributions(operator, now=timezone.now()))
    with django_capture_on_commit_callbacks(execute=True):
        record_contribution(
            operator=operator, user=member, kind=Contribution.Kind.DEAL_LOGGED, target=partner
        )

    after = sum(bar.count for bar in monthly_contributions(operator, now=timezone.now()))
    assert after == before + 1
