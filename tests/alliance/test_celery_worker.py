"""A real Celery worker, consuming from Redis, sends the invitation mail (STACK.md gotcha 3).

The worker runs in this process (celery.contrib.testing), so it uses the test database and the
in-memory mail outbox. Its queue has a unique name, so no other worker on the same Redis takes
these tasks, and no eager shortcut is left: the task goes through the broker and back.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from alliance import services
from alliance.celery import app
from alliance.models import Membership
from alliance.tasks import send_invitation_email
from tests.conftest import redis_url_or_skip
from tests.factories import InvitationFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    """Tasks go through Redis (not eager) to a worker consuming a private queue."""
    url = os.environ.get("REDIS_URL") or pytest.skip(
        "needs REDIS_URL (the Celery broker) to run a real worker; CI sets it"
    )
    redis_url_or_skip()
    assert app.conf.broker_url == url, "settings did not make Redis the broker"
    import celery.contrib.testing.tasks  # noqa: F401 - registers the ping task the worker checks

    # Results are ignored by default (settings); start_worker's ping check waits for one.
    app.tasks["celery.ping"].ignore_result = False

    default_queue = app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = f"test-{uuid.uuid4().hex}"
    app.amqp.__dict__.pop("queues", None)  # rebuilt from the new default queue
    try:
        with start_worker(app, pool="solo", loglevel="WARNING", shutdown_timeout=10) as worker:
            yield worker
    finally:
        app.conf.task_default_queue = default_queue
        app.amqp.__dict__.pop("queues", None)


def wait_for_mail(count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_worker_on_redis_sends_the_invitation_mail_queued_by_a_manager(worker, manager, operator):
    invitation = services.invite_member(
        operator=operator,
        email="new.colleague@orange.example",
        role=Membership.Role.MEMBER,
        invited_by=manager,
    )
    wait_for_mail(1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.colleague@orange.example"]
    assert invitation.get_absolute_url() in message.body


def test_the_worker_stores_the_task_result_in_redis(worker):
    invitation = InvitationFactory(email="colleague@orange.example")
    result = send_invitation_email.apply_async((invitation.pk,), ignore_result=False)
    assert result.get(timeout=20) == 1
    assert mail.outbox[0].to == ["colleague@orange.example"]
