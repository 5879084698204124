"""The outbox in one process (tasks eager, as in `make run`): recorded with the write, carried out
at most once, failures kept for staff; and the safety net for tasks queued with `.delay()`."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from alliance import outbox, services, tasks
from alliance.breaker import broker_breaker
from alliance.celery import app
from alliance.models import AuditLogEntry, OutboxMessage
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    """The broker is known to be unreachable (its breaker is open) and tasks are not eager."""
    app.conf.task_always_eager = False
    broker_breaker.trip(ConnectionRefusedError("broker down in this test"), "kept in the outbox")
    yield
    broker_breaker.reset()
    app.conf.task_always_eager = True


def test_an_invitation_records_its_mail_in_the_outbox_and_sends_it_after_commit(
    manager, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            operator=operator, email="new@orange.example", role="member", invited_by=manager
        )
        [message] = OutboxMessage.objects.all()
        assert (message.task, message.status) == ("alliance.tasks.send_invitation_email", "pending")
        assert mail.outbox == []  # nothing leaves before the commit

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE
    assert [m.to for m in mail.outbox] == [["new@orange.example"]]


def test_a_write_that_rolls_back_leaves_no_side_effect(manager, operator):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invite_member(
            operator=operator, email="new@orange.example", role="member", invited_by=manager
        )
        raise RuntimeError("the rest of the write failed")

    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_a_message_delivered_twice_is_carried_out_once():
    invitation = InvitationFactory(email="new@orange.example")
    message = OutboxMessage.objects.create(
        task=tasks.send_invitation_email.name, args=[invitation.pk]
    )

    outbox.deliver(message.pk)
    outbox.deliver(message.pk)  # the same message again: a redelivery, or a resend

    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE and message.done_at is not None


def test_a_message_whose_task_fails_for_good_is_marked_failed_with_its_error():
    message = OutboxMessage.objects.create(task=tasks.send_invitation_email.name, args=[999999])

    with pytest.raises(Exception, match="does not exist"):
        outbox.deliver(message.pk)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.last_error.startswith("DoesNotExist")


def test_staff_send_a_failed_message_again_from_the_admin_and_it_is_audited(client, admin_user):
    invitation = InvitationFactory(email="new@orange.example")
    message = OutboxMessage.objects.create(
        task=tasks.send_invitation_email.name,
        args=[invitation.pk],
        status=OutboxMessage.Status.FAILED,
        last_error="SMTPServerDisconnected: gone",
    )
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:alliance_outboxmessage_changelist"),
        {"action": "send_again", "_selected_action": [message.pk]},
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE
    assert len(mail.outbox) == 1
    assert AuditLogEntry.objects.filter(action="outbox.sent_again", object_id=message.pk).exists()


def test_while_the_broker_is_down_a_message_stays_pending_and_the_write_succeeds(
    manager, operator, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            operator=operator, email="new@orange.example", role="member", invited_by=manager
        )

    message = OutboxMessage.objects.get()
    assert (message.status, message.sent_at, message.send_count) == ("pending", None, 0)


def test_a_task_queued_with_delay_while_the_broker_is_down_is_kept_in_the_outbox(broker_down):
    membership_id = 42

    assert tasks.send_membership_request_email.delay(membership_id) is None

    message = OutboxMessage.objects.get()
    assert (message.task, message.args) == ("alliance.tasks.send_membership_request_email", [42])


def test_the_sweep_resends_unsent_messages_after_a_grace_period_and_sent_ones_much_later(settings):
    now = timezone.now()
    old, recent = now - timedelta(minutes=1), now - timedelta(seconds=2)
    unsent_old = OutboxMessage.objects.create(task="t", created_at=old)
    OutboxMessage.objects.create(task="t", created_at=recent)  # its own send may be under way
    sent_long_ago = OutboxMessage.objects.create(
        task="t", created_at=now - timedelta(hours=1), sent_at=now - timedelta(hours=1)
    )
    OutboxMessage.objects.create(task="t", created_at=old, sent_at=old)  # still in the queue
    OutboxMessage.objects.create(task="t", created_at=old, status="done", done_at=old)

    assert sorted(outbox.pending_to_send()) == sorted([unsent_old.pk, sent_long_ago.pk])
    # A worker that starts sends every pending message past the grace period.
    assert len(outbox.pending_to_send(resend_all=True)) == 3


def test_every_task_of_the_portal_retries_transient_errors_with_backoff_and_jitter(settings):
    apps = {"alliance", "partners", "deals", "lessons"}
    ours = [task for name, task in app.tasks.items() if name.split(".")[0] in apps]
    assert len(ours) > 20
    for task in ours:
        if task.name == "alliance.outbox.send_pending":
            continue  # beat runs it again within seconds
        assert issubclass(OperationalError, task.autoretry_for), task.name
        assert issubclass(SMTPException, task.autoretry_for), task.name
        assert (task.retry_backoff, task.retry_jitter) == (settings.TASK_RETRY_BACKOFF, True)
        assert task.max_retries == settings.TASK_MAX_RETRIES
