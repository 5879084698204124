"""Two workers running the inactivity job at the same moment flag once and mail once."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from alliance.models import AuditLogEntry, StandingFlag
from alliance.standing.job import flag_inactive_members
from tests.factories import ManagerMembershipFactory, OperatorFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite has none); run with DATABASE_URL=postgres://...",
    ),
]

WORKERS = 4


def test_concurrent_runs_produce_one_flag_and_one_set_of_emails(admin_user):
    quiet = OperatorFactory(name="Quiet")
    ManagerMembershipFactory(operator=quiet, user__email="manager@quiet.example")
    start = threading.Barrier(WORKERS)
    reports, errors = [], []

    def worker() -> None:
        try:
            start.wait()
            reports.append(flag_inactive_members())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(len(report.flagged) for report in reports) == [0] * (WORKERS - 1) + [1]
    assert StandingFlag.objects.filter(operator=quiet).count() == 1
    assert AuditLogEntry.objects.filter(action="standing.flagged").count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "admin@alliance.example",
        "manager@quiet.example",
    ]
