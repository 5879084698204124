"""A scheduled run that falls in a Redis outage still runs, once, when Redis returns (issue 12,
case 5): beat cannot publish it, so it is kept in the outbox and sent by the sweep."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, PeriodicTask

from alliance.models import Operator, OutboxMessage
from tests.factories import ManagerMembershipFactory, OperatorFactory
from tests.faults.conftest import record
from tests.faults.stack import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def test_the_daily_inactivity_job_due_during_a_redis_outage_runs_once_redis_is_back(faults, beat):
    operator = OperatorFactory(
        name="Orange", slug="orange", joined_on=timezone.localdate() - timedelta(days=400)
    )
    ManagerMembershipFactory(operator=operator, user__email="manager@orange.example")
    # Beat has read its schedule (it sends the outbox sweep every second) before a job is added.
    wait_until(lambda: beat.output().count("Sending due task outbox-send-pending") >= 2, 20, "beat")

    faults.redis.refuse()
    due = timezone.now() + timedelta(seconds=2)
    PeriodicTask.objects.create(
        name="flag-inactive-members at 06:00",
        task="alliance.tasks.flag_inactive_members",
        clocked=ClockedSchedule.objects.create(clocked_time=due),
        one_off=True,
    )
    kept = wait_until(
        lambda: OutboxMessage.objects.filter(task="alliance.tasks.flag_inactive_members").first(),
        20,
        "beat to keep the run in the outbox",
    )
    assert "Sending due task flag-inactive-members at 06:00" in beat.output()
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE  # nothing ran during the outage

    faults.redis.restore()
    restored = time.monotonic()
    wait_until(lambda: faults.smtp.to("manager@orange.example"), 30, "the managers' mail")
    record(
        "Beat tick during a Redis outage: job ran after Redis returned in",
        f"{time.monotonic() - restored:.1f} s",
    )
    time.sleep(1.5)

    operator.refresh_from_db()
    kept.refresh_from_db()
    assert operator.status == Operator.Status.FLAGGED
    assert kept.status == OutboxMessage.Status.DONE
    assert len(faults.smtp.to("manager@orange.example")) == 1
