"""The demo: every operator has a year of history, and the inactivity job flags only Rogers."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from alliance.models import Contribution, Operator
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
