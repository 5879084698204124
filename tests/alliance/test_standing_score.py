"""One computation of the standing score: the job, the dashboard, the pruning page and the API read
the same figure, and a ledger row dated in the future counts on none of them (it used to count on
the dashboard and the API, which had their own copy of the score)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from alliance.models import InactivityPolicy, Operator
from alliance.standing.figures import standing_of, with_figures
from alliance.standing.job import flag_inactive_members
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def future_row(operator):
    """Orange's only contribution is dated next week (a wrong clock, a bad import)."""
    return ContributionFactory(operator=operator, created_at=timezone.now() + timedelta(days=7))


def test_a_row_dated_in_the_future_counts_on_no_surface(
    client, admin_user, member, operator, future_row
):
    now = timezone.now()
    policy = InactivityPolicy.current()
    api = APIClient()
    api.force_authenticate(member)

    sql = with_figures(Operator.objects.filter(pk=operator.pk), policy=policy, now=now).get()
    panel = standing_of(operator, now=now)
    body = api.get("/api/v1/me/").json()["standing"]
    report = flag_inactive_members(now=now)

    assert (sql.score, panel.score, body["score"]) == (0, 0, 0)
    assert sql.last_contribution_at is None
    assert [op.name for op in report.flagged] == ["Orange"]
    client.force_login(admin_user)
    page = client.get(reverse("alliance:standing_operator", args=[operator.slug]))
    assert "<strong>0 / 1</strong>" in page.content.decode()


def test_weights_count_the_same_for_the_job_and_the_panel(operator):
    policy = InactivityPolicy.current()
    policy.weights = {**policy.weights, "lesson_published": 3, "lesson_endorsed": 0}
    policy.save()
    now = timezone.now()
    ContributionFactory(operator=operator, kind="lesson_published", created_at=now)
    ContributionFactory(operator=operator, kind="lesson_endorsed", created_at=now)

    sql = with_figures(Operator.objects.filter(pk=operator.pk), policy=policy, now=now).get()

    assert (sql.score, sql.contribution_count, standing_of(operator, now=now).score) == (3, 2, 3)
