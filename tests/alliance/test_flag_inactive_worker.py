"""The beat task, sent through Redis to a real Celery worker, flags and mails (CI runs this)."""

from __future__ import annotations

import pytest
from django.core import mail

from alliance.models import Operator
from alliance.tasks import flag_inactive_members
from tests.alliance.test_celery_worker import wait_for_mail, worker  # noqa: F401 - the fixture

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_on_redis_runs_the_daily_job_and_sends_its_mail(
    worker,  # noqa: F811 - the fixture imported above
    operator,
    manager,
    admin_user,
):
    lines = flag_inactive_members.apply_async(ignore_result=False).get(timeout=30)

    wait_for_mail(2)
    assert lines == [
        "Did flag Orange: 0 weighted contribution(s) in the window, last contribution never"
    ]
    operator.refresh_from_db()
    assert operator.status == Operator.Status.FLAGGED
    assert sorted(m.to[0] for m in mail.outbox) == [admin_user.email, manager.email]
