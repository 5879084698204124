"""The demo: every operator has a year of history, and the inactivity job flags only Rogers."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from alliance.models import Contribution, InactivityPolicy, Operator, OperatorApplication
from alliance.services import approve_operator_application
from alliance.standing.job import flag_inactive_members

pytestmark = pytest.mark.django_db


def test_the_job_flags_rogers_and_only_rogers_on_the_demo_data():
    call_command("seed_demo", stdout=io.StringIO())

    report = flag_inactive_members()

    assert [op.slug for op in report.flagged] == ["rogers"]
    assert Operator.objects.get(slug="rogers").status == Operator.Status.FLAGGED
    assert all(
        Contribution.objects.filter(operator__slug=slug).exists()
        for slug in Operator.objects.values_list("slug", flat=True)
    )


def test_seeding_the_standing_demo_twice_writes_no_more_history():
    call_command("seed_demo", stdout=io.StringIO())
    rows = Contribution.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert Contribution.objects.count() == rows


def test_the_day_after_make_run_the_dry_run_flags_only_operators_that_had_a_whole_window(
    admin_user,
):
    call_command("seed_demo", stdout=io.StringIO())
    axiata = OperatorApplication.objects.get(name="Axiata")
    approve_operator_application(application=axiata, by=admin_user)  # joins today
    tomorrow = timezone.now() + timedelta(days=1)

    report = flag_inactive_members(now=tomorrow, dry_run=True)

    window = InactivityPolicy.current().window_days
    assert [op.slug for op in report.flagged] == ["rogers"]
    assert all(op.is_judged_on(timezone.localdate(tomorrow), window) for op in report.flagged)
    assert [op.name for op, _ in report.waiting] == ["Axiata"]
    assert not any(
        Contribution.objects.filter(operator=op, created_at__date__lt=op.joined_on).exists()
        for op in Operator.objects.all()
    )
