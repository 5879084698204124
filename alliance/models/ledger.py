"""The contribution ledger and the audit log: append-only records written by services."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Contribution(models.Model):
    """One contribution of an operator, written in the same transaction as the act itself."""

    class Kind(models.TextChoices):
        PARTNER_SPONSORED = "partner_sponsored", "Sponsored a partner"
        PARTNER_INTRODUCED = "partner_introduced", "Introduced a partner to a member"
        INTRODUCTION_ANSWERED = "introduction_answered", "Answered an introduction"
        APPLICATION_REVIEWED = "application_reviewed", "Reviewed an application"
        DEAL_LOGGED = "deal_logged", "Logged a deal"
        DEAL_ADVANCED = "deal_advanced", "Advanced a deal"
        LESSON_PUBLISHED = "lesson_published", "Published a lesson"
        LESSON_ENDORSED = "lesson_endorsed", "Endorsed a lesson"
        LESSON_COMMENTED = "lesson_commented", "Commented on a lesson"
        PROGRAMME_LED = "programme_led", "Started and leads a cross-border programme"
        PROGRAMME_JOINED = "programme_joined", "Took part in a cross-border programme"
        SLA_REPORTED = "sla_reported", "Reported a programme's monthly SLA figures"

    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="contributions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The inactivity job counts each operator's contributions within a time window.
            models.Index(fields=["operator", "created_at"], name="contribution_op_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operator}: {self.get_kind_display()}"


class AuditLogEntry(models.Model):
    """Who did what to which object, and when; written for every admin or cross-member write."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    operator = models.ForeignKey(
        "alliance.Operator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "audit log entries"
        indexes = [
            # An operator's audit trail is shown on its pruning and profile pages.
            models.Index(fields=["operator", "-created_at"], name="audit_operator_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"
