"""The outbox: each side effect of a write that leaves the process (a mail, later notifications
and webhooks), recorded in the same transaction as the write. See alliance/outbox.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self) -> OutboxMessageQuerySet:
        return self.filter(status=OutboxMessage.Status.PENDING)

    def to_send(self, *, now: datetime, grace: timedelta, resend_after: timedelta):
        """Pending messages to hand (again) to the broker: never sent (the broker was down when
        they were written) once older than `grace`, or sent so long ago that the broker must
        have lost them."""
        return self.pending().filter(
            Q(sent_at__isnull=True, created_at__lt=now - grace) | Q(sent_at__lt=now - resend_after)
        )


class OutboxMessage(models.Model):
    """One Celery task to run once the write that queued it has committed: its name and its
    JSON arguments. Carried out at most once in effect: the delivering task marks it done in the
    same transaction as the task's own work, under a row lock."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="Last handed to the broker.")
    send_count = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The sweep reads pending messages by age, every half minute: keep that index small.
            models.Index(
                fields=["created_at"], name="outbox_pending_idx", condition=Q(status="pending")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "done", "failed"]), name="outbox_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_at__isnull=False),
                name="outbox_done_has_done_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)} ({self.get_status_display().lower()})"
