"""Redis (cache, broker, result store) down under the production shape: people keep working, and
every mail owed goes out once when Redis returns (issue 12, cases 1 and 2)."""

from __future__ import annotations

import time

import pytest
from rest_framework.authtoken.models import Token

from alliance import outbox
from alliance.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, ManagerMembershipFactory, OperatorFactory
from tests.faults.conftest import record
from tests.faults.stack import Browser, Stack, wait_until
from tests.partners.conftest import APPLICATION_FORM, PDF_BYTES

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(db):
    operator = OperatorFactory(name="Orange", slug="orange", hq_country="FR")
    return ManagerMembershipFactory(operator=operator, user__email="manager@orange.example").user


def use_the_portal(faults: Stack, manager) -> dict[str, tuple[int, float]]:
    """Sign in, see the dashboard, invite a colleague, call the API, and apply as a startup."""
    person = faults.browser()
    api = Browser(faults.web_port)
    api.headers["Authorization"] = f"Token {Token.objects.create(user=manager).key}"
    startup = faults.browser()
    answers = {
        "sign-in": person.sign_in(manager.email, DEFAULT_PASSWORD),
        "dashboard": person.get("/dashboard/"),
        "invitation": person.post(
            "/members/orange/team/",
            {"action": "invite", "email": "new.colleague@orange.example", "role": "member"},
        ),
        "API": api.get("/api/v1/me/"),
        "onboarding form": startup.post(
            "/partners/apply/",
            APPLICATION_FORM,
            files={"pitch_deck": ("d.pdf", PDF_BYTES, "x/pdf")},
        ),
    }
    return {name: (answer.status, answer.seconds) for name, answer in answers.items()}


def test_with_redis_refusing_connections_people_work_on_and_each_mail_goes_out_once_it_is_back(
    faults, manager, settings
):
    settings.OUTBOX_PENDING_GRACE_SECONDS = 0
    faults.redis.refuse()
    answers = use_the_portal(faults, manager)

    assert answers == {
        "sign-in": (302, pytest.approx(answers["sign-in"][1])),
        "dashboard": (200, pytest.approx(answers["dashboard"][1])),
        "invitation": (302, pytest.approx(answers["invitation"][1])),
        "API": (200, pytest.approx(answers["API"][1])),
        "onboarding form": (302, pytest.approx(answers["onboarding form"][1])),
    }
    record(
        "Redis refusing: requests answered (status, seconds)",
        ", ".join(
            f"{name} {status} in {seconds:.2f}" for name, (status, seconds) in answers.items()
        ),
    )
    assert OutboxMessage.objects.pending().count() >= 3  # invitation, applicant, members
    time.sleep(1)
    assert faults.smtp.delivered == []  # nothing could be sent meanwhile

    faults.redis.restore()
    restored = time.monotonic()
    outbox.send_pending()  # what beat does every half minute (test_beat_outage runs beat itself)
    wait_until(lambda: faults.smtp.to("new.colleague@orange.example"), 30, "the invitation")
    wait_until(lambda: faults.smtp.to("ines@streamly.example"), 30, "the applicant's mail")
    record("Redis back: invitation mail delivered after", f"{time.monotonic() - restored:.1f} s")
    wait_until(lambda: not OutboxMessage.objects.pending().exists(), 30, "the outbox to empty")
    outbox.send_pending()
    time.sleep(1.5)  # one more sweep sent nothing twice

    assert len(faults.smtp.to("new.colleague@orange.example")) == 1
    assert len(faults.smtp.to("ines@streamly.example")) == 1
    record(
        "Redis back: mails delivered (each once)",
        f"{len(faults.smtp.delivered)} mails, "
        f"{OutboxMessage.objects.filter(status='done').count()} outbox rows done",
    )


def test_with_redis_dropping_packets_healthz_and_pages_answer_within_two_seconds(
    faults, manager, settings
):
    settings.OUTBOX_PENDING_GRACE_SECONDS = 0
    person = faults.browser()
    assert person.sign_in(manager.email, DEFAULT_PASSWORD).status == 302
    faults.redis.hang()

    health = person.get("/healthz")
    dashboard = person.get("/dashboard/")
    invitation = person.post(
        "/members/orange/team/",
        {"action": "invite", "email": "dropped@orange.example", "role": "member"},
    )

    assert health.status == 200
    assert health.json()["checks"]["database"] == "ok"
    assert health.json()["checks"]["cache"].startswith("down")
    assert health.json()["checks"]["broker"].startswith("down")
    assert health.seconds < 2.5
    assert (dashboard.status, invitation.status) == (200, 302)
    assert dashboard.seconds < 2.5
    assert invitation.seconds < 3.5  # its first send waits two socket timeouts; none after
    record(
        "Redis dropping packets: seconds to answer",
        f"/healthz {health.seconds:.2f}, dashboard {dashboard.seconds:.2f}, "
        f"invitation {invitation.seconds:.2f}",
    )
    assert OutboxMessage.objects.pending().filter(task__endswith="send_invitation_email").exists()
    faults.redis.restore()
    outbox.send_pending()  # what beat does every half minute
    wait_until(lambda: faults.smtp.to("dropped@orange.example"), 30, "the invitation")
