"""The dashboard's standing panel: where my operator stands and what it must do to stay active."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.models import Exemption, InactivityPolicy
from alliance.standing.actions import suspend
from alliance.standing.job import flag_inactive_members
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("alliance:dashboard")


def panel(client, user) -> str:
    client.force_login(user)
    page = client.get(DASHBOARD).content.decode()
    start = page.index('class="card standing-panel"')
    return page[start : page.index("</section>", start)]


def test_an_active_operator_sees_when_its_next_contribution_is_due(client, member, operator):
    ContributionFactory(operator=operator, created_at=timezone.now() - timedelta(days=20))

    text = panel(client, member)

    due = timezone.localdate() + timedelta(days=70)
    assert "Active" in text
    assert f"1 contribution before {due:%-d %B}" in text
    assert "to stay active" in text


def test_with_a_higher_minimum_the_panel_counts_what_is_missing(client, member, operator):
    policy = InactivityPolicy.current()
    policy.minimum_contributions = 3
    policy.save()
    now = timezone.now()
    for days in (5, 10, 40):
        ContributionFactory(operator=operator, created_at=now - timedelta(days=days))

    text = panel(client, member)

    # The third contribution (40 days ago) leaves the window in 50 days; one then replaces it.
    assert f"1 contribution before {timezone.localdate() + timedelta(days=50):%-d %B}" in text


def test_a_flagged_operator_sees_its_grace_deadline(client, member, operator):
    flag_inactive_members()

    text = panel(client, member)

    grace = timezone.localdate() + timedelta(days=30)
    assert "At risk" in text
    assert f"1 contribution before {grace:%-d %B}" in text
    assert "contributing clears the flag" in text


def test_an_exempt_operator_sees_until_when(client, member, operator):
    until = timezone.localdate() + timedelta(days=10)
    Exemption.objects.create(
        operator=operator, starts_on=timezone.localdate(), ends_on=until, reason="Merger"
    )

    assert f"Exempt from the inactivity policy until {until:%-d %B %Y}" in panel(client, member)


def test_a_suspended_operator_is_told_it_is_read_only(client, member, operator, admin_user):
    suspend(operator=operator, by=admin_user, reason="Review")

    assert "you can read but not contribute" in panel(client, member)


def test_the_chart_shows_twelve_months_of_contributions(client, member, operator):
    ContributionFactory.create_batch(3, operator=operator)

    text = panel(client, member)

    assert text.count("<rect") == 12
    assert f"{timezone.localdate():%B %Y}: 3 contributions" in text


def test_the_panel_costs_a_constant_number_of_queries(
    client, member, operator, django_assert_max_num_queries
):
    ContributionFactory.create_batch(20, operator=operator)
    client.force_login(member)
    client.get(DASHBOARD)

    with django_assert_max_num_queries(25):
        client.get(DASHBOARD)
