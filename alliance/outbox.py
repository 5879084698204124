"""Durable side effects: one outbox for the whole project.

A service queues each side effect of its write (a mail; later notifications, webhooks) with one
line inside its transaction:

    outbox.enqueue(tasks.send_invitation_email, invitation.pk)

instead of `transaction.on_commit(partial(tasks.send_invitation_email.delay, invitation.pk))`.

- `enqueue` writes an `OutboxMessage` row (task name and JSON arguments) in the caller's
  transaction, so the side effect is recorded if and only if the write commits, and sends it to
  the broker once the transaction commits.
- If the broker cannot be reached, the row stays pending, the request still succeeds, and the
  outage is logged. Beat's `send_pending` (every OUTBOX_SWEEP_SECONDS) and every worker at start
  hand pending rows to the broker again.
- The worker runs `deliver(message_id)`: it locks the row, returns if it is already done, runs
  the task's body and marks the row done in the same transaction. A message delivered twice (a
  worker killed before acknowledging it, a resend after an outage) finds it done: each row is
  carried out at most once in effect. A transient error (database, broker, SMTP, network) rolls
  it all back and the delivery is retried with backoff; any other error marks the row failed
  (shown in the admin, where staff may send it again).
- Without REDIS_URL (tasks eager, `make run`), the task runs inline after the commit, as before.
"""

from __future__ import annotations

import logging
from functools import partial

from celery import Task, current_app, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from alliance.breaker import broker_breaker
from alliance.models import OutboxMessage
from alliance.resilience import BROKER_ERRORS, TRANSIENT_ERRORS

logger = logging.getLogger("alliance.outbox")
BATCH = 1000


def enqueue(task: Task, *args, **kwargs) -> OutboxMessage:
    """Record `task(*args, **kwargs)` in the current transaction; it is sent once this commits.
    Arguments must be JSON values (ids, not model instances)."""
    message = OutboxMessage.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(partial(send, [message.pk]))
    return message


def send(message_ids: list[int]) -> int:
    """Hand the messages to the broker; those it cannot take stay pending. Returns how many went."""
    if broker_breaker.is_open():
        logger.info("Outbox messages %s stay pending: the broker is unreachable.", message_ids)
        return 0
    sent: list[int] = []
    try:
        for message_id in message_ids:
            deliver.apply_async((message_id,))
            sent.append(message_id)
    except BROKER_ERRORS as error:
        broker_breaker.trip(error, "side effects stay pending in the outbox until it returns")
        logger.info("Outbox messages %s stay pending.", message_ids[len(sent) :])
    if sent:
        OutboxMessage.objects.filter(pk__in=sent).update(
            sent_at=timezone.now(), send_count=F("send_count") + 1
        )
    return len(sent)


@shared_task(name="alliance.outbox.deliver", ignore_result=True, outbox_fallback=False)
def deliver(message_id: int) -> None:
    """Carry out one outbox message, at most once in effect (see the module's docstring)."""
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
            if message is None or message.status != OutboxMessage.Status.PENDING:
                return
            current_app.tasks[message.task].run(*message.args, **message.kwargs)
            message.status = OutboxMessage.Status.DONE
            message.done_at = timezone.now()
            message.save(update_fields=["status", "done_at"])
    except TRANSIENT_ERRORS:
        raise  # rolled back, still pending: retried with backoff (ResilientTask)
    except Exception as error:
        OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
            status=OutboxMessage.Status.FAILED, last_error=f"{error.__class__.__name__}: {error}"
        )
        raise


def pending_to_send(*, resend_all: bool = False) -> list[int]:
    """Pending messages due to be sent (again): see `OutboxMessageQuerySet.to_send`. At a
    worker's start, every pending message past the grace period (`resend_all`)."""
    now = timezone.now()
    grace = timezone.timedelta(seconds=settings.OUTBOX_PENDING_GRACE_SECONDS)
    if resend_all:
        due = OutboxMessage.objects.pending().filter(created_at__lt=now - grace)
    else:
        resend_after = timezone.timedelta(seconds=settings.OUTBOX_RESEND_AFTER_SECONDS)
        due = OutboxMessage.objects.to_send(now=now, grace=grace, resend_after=resend_after)
    return list(due.order_by("created_at").values_list("pk", flat=True)[:BATCH])


@shared_task(
    name="alliance.outbox.send_pending",
    ignore_result=True,
    outbox_fallback=False,
    autoretry_for=(),  # beat runs it again in a few seconds anyway
)
def send_pending() -> int:
    """Beat's sweep: hand the pending messages that are due to the broker."""
    return send(pending_to_send())


@worker_ready.connect
def send_pending_at_worker_start(**kwargs) -> None:
    """A worker that starts (perhaps after a crash or an outage) sends every pending message."""
    try:
        count = send(pending_to_send(resend_all=True))
    except DatabaseError as error:
        logger.warning("Could not read the outbox at start-up (%s); beat will.", error)
        return
    if count:
        logger.info("Sent %s pending outbox message(s) at start-up.", count)
