"""PostgreSQL down under the production shape: pages say so with 503 and Retry-After, tasks wait
with retries, and each mail goes out once when it returns (issue 12, case 3)."""

from __future__ import annotations

import time

import pytest

from alliance import services
from alliance.models import Membership, OutboxMessage
from tests.factories import DEFAULT_PASSWORD, ManagerMembershipFactory, OperatorFactory
from tests.faults.conftest import record
from tests.faults.stack import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

INVITED = [f"colleague{n}@orange.example" for n in range(5)]


def test_with_postgresql_down_pages_answer_503_and_queued_mail_goes_out_once_it_is_back(faults):
    operator = OperatorFactory(name="Orange", slug="orange", hq_country="FR")
    manager = ManagerMembershipFactory(operator=operator, user__email="manager@orange.example").user
    person = faults.browser()
    assert person.sign_in(manager.email, DEFAULT_PASSWORD).status == 302

    retries_before = retries_logged(faults)
    faults.postgres.refuse()
    # Invitations written just before the outage (here, directly): their mails reach the worker,
    # whose database is now unreachable.
    for email in INVITED:
        services.invite_member(
            operator=operator, email=email, role=Membership.Role.MEMBER, invited_by=manager
        )
    page, api, health = person.get("/dashboard/"), person.get("/api/v1/me/"), person.get("/healthz")

    assert (page.status, page.headers.get("Retry-After")) == (503, "30")
    assert "cannot reach its database" in page.body
    assert (api.status, api.headers.get("Retry-After")) == (503, "30")
    assert "database" in api.json()["detail"]
    assert (health.status, health.json()["checks"]["database"][:4]) == (503, "down")
    assert health.headers.get("Retry-After") == "30"
    record(
        "PostgreSQL down: seconds to answer 503",
        f"page {page.seconds:.2f}, API {api.seconds:.2f}, /healthz {health.seconds:.2f}",
    )
    time.sleep(3)  # the outage goes on; the worker retries meanwhile
    assert faults.smtp.delivered == []

    faults.postgres.restore()
    restored = time.monotonic()
    wait_until(lambda: person.get("/dashboard/").status == 200, 10, "the dashboard")
    record("PostgreSQL back: dashboard answers 200 after", f"{time.monotonic() - restored:.2f} s")
    wait_until(lambda: len(faults.smtp.delivered) >= len(INVITED), 30, "the five invitations")
    record(
        "PostgreSQL back: 5 invitation mails delivered after",
        f"{time.monotonic() - restored:.1f} s",
    )
    wait_until(lambda: not OutboxMessage.objects.pending().exists(), 10, "the outbox to empty")
    time.sleep(1)

    assert sorted(m.recipients[0] for m in faults.smtp.delivered) == sorted(INVITED)
    retries = retries_logged(faults) - retries_before
    assert retries >= len(INVITED)  # each delivery met the outage at least once
    record("PostgreSQL down 3 s: task retries, mails delivered", f"{retries}, 5 of 5 once")


def retries_logged(faults) -> int:
    return sum(p.output().count("Retry in") for p in faults.processes if p.name == "worker")
