"""Standing's mail, sent by Celery tasks that load their records by id (queued on commit by the job
and the admins' actions). Templates: templates/emails/standing_*.

The tasks keep the names they had when they lived in alliance/tasks.py, so that messages queued
before an upgrade still find them."""

from __future__ import annotations

from collections.abc import Iterable

from celery import shared_task
from django.urls import reverse

from alliance.emails import absolute_url, send_templated_email
from alliance.models import AuditLogEntry, Membership, StandingFlag, User

# What an operator's managers are told of each admin decision about its standing.
DECISION_HEADLINES = {
    "standing.grace_extended": "its grace period was extended",
    "standing.exempted": "it is exempt from the inactivity rule for a while",
    "standing.suspended": "it is suspended: the portal is read-only for its people",
    "standing.removed": "it was removed from the alliance",
    "standing.reinstated": "it was reinstated",
}


def _staff_emails() -> list[str]:
    return list(User.objects.active_staff().values_list("email", flat=True))


def _managers_by_operator(operator_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each operator's managers, whatever its standing: a suspended or removed operator's managers
    are told of it too."""
    managers: dict[int, list[str]] = {}
    rows = (
        Membership.objects.approved()
        .managers()
        .filter(operator__in=operator_ids)
        .values_list("operator_id", "user__email")
    )
    for operator_id, email in rows:
        managers.setdefault(operator_id, []).append(email)
    return managers


def _flags(flag_ids: list[int]) -> list[StandingFlag]:
    return list(StandingFlag.objects.filter(pk__in=flag_ids).select_related("operator"))


@shared_task(name="alliance.tasks.send_standing_flagged_emails")
def send_standing_flagged_emails(flag_ids: list[int]) -> int:
    """Tell each flagged operator's managers what to do before its grace ends; tell admins once."""
    flags = _flags(flag_ids)
    managers = _managers_by_operator([flag.operator_id for flag in flags])
    dashboard_url = absolute_url(reverse("alliance:dashboard"))
    sent = sum(
        send_templated_email(
            template="standing_flagged",
            to=managers.get(flag.operator_id, []),
            context={"flag": flag, "dashboard_url": dashboard_url},
        )
        for flag in flags
    )
    return sent + send_templated_email(
        template="standing_flagged_admins",
        to=_staff_emails(),
        context={"flags": flags, "pruning_url": absolute_url(reverse("alliance:standing_pruning"))},
    )


@shared_task(name="alliance.tasks.send_standing_decision_email")
def send_standing_decision_email(audit_entry_id: int) -> int:
    """Tell an operator's managers what an admin decided about its standing, and why."""
    entry = AuditLogEntry.objects.select_related("operator").get(pk=audit_entry_id)
    return send_templated_email(
        template="standing_decision",
        to=_managers_by_operator([entry.operator_id]).get(entry.operator_id, []),
        context={
            "entry": entry,
            "operator": entry.operator,
            "headline": DECISION_HEADLINES[entry.action],
            "dashboard_url": absolute_url(reverse("alliance:dashboard")),
        },
    )


@shared_task(name="alliance.tasks.send_standing_cleared_emails")
def send_standing_cleared_emails(flag_ids: list[int]) -> int:
    """Tell managers that their operator's flag cleared itself because it contributed again."""
    flags = _flags(flag_ids)
    managers = _managers_by_operator([flag.operator_id for flag in flags])
    return sum(
        send_templated_email(
            template="standing_cleared",
            to=managers.get(flag.operator_id, []),
            context={"flag": flag},
        )
        for flag in flags
    )


@shared_task(name="alliance.tasks.send_standing_review_digest")
def send_standing_review_digest(flag_ids: list[int]) -> int:
    """One digest for admins of the flags whose grace period has just passed."""
    return send_templated_email(
        template="standing_review_digest",
        to=_staff_emails(),
        context={
            "flags": _flags(flag_ids),
            "pruning_url": absolute_url(reverse("alliance:standing_pruning")),
        },
    )
