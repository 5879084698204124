"""Contribution standing: the inactivity job and the admins' pruning actions.

Standing moves active → flagged ("at risk", in grace) → suspended (read-only) → removed, and back
by reinstatement. The job and every admin action change `Operator.status` here and nowhere else;
memberships are never touched, so reinstatement gives each person back exactly the access they had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone

from alliance.ledger import audit, changed_fields
from alliance.models import AuditLogEntry, Exemption, InactivityPolicy, Operator, StandingFlag
from alliance.standing_figures import with_figures


class StandingError(ValidationError):
    """An admin action that does not apply to the operator's current standing."""


# --- the job ----------------------------------------------------------------------------------


@dataclass
class JobReport:
    """What one run of the inactivity job did (or, in a dry run, would do)."""

    dry_run: bool
    flagged: list[Operator] = field(default_factory=list)
    cleared: list[Operator] = field(default_factory=list)
    due_for_review: list[Operator] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.flagged or self.cleared or self.due_for_review)

    def lines(self) -> list[str]:
        verb = "Would" if self.dry_run else "Did"
        out = [
            f"{verb} flag {op.name}: {op.score} weighted contribution(s) in the window, "
            f"last contribution {_day(op.last_contribution_at)}"
            for op in self.flagged
        ]
        out += [f"{verb} clear the flag of {op.name}: contributed again" for op in self.cleared]
        out += [
            f"{verb} mark {op.name} due for review: grace has passed" for op in self.due_for_review
        ]
        return out or ["Nothing to do: every operator's standing is up to date."]


def _day(moment: datetime | None) -> str:
    return f"{timezone.localdate(moment):%Y-%m-%d}" if moment else "never"


def flag_inactive_members(*, now: datetime | None = None, dry_run: bool = False) -> JobReport:
    """Flag operators below the policy's threshold, clear flags of those who contributed again and
    mark flags past their grace period due for review; mail managers and admins once.

    Idempotent: a second run the same day finds nothing to change. Safe with two workers at once:
    the policy row is locked for the run (SELECT ... FOR UPDATE), so the second run waits and then
    sees the first run's flags; the unique constraint on unresolved flags backs this up."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    InactivityPolicy.current()  # make sure the row to lock exists
    report = JobReport(dry_run=dry_run)
    with transaction.atomic():
        policy = InactivityPolicy.objects.select_for_update().get(pk=InactivityPolicy.SINGLETON_ID)
        operators = list(
            with_figures(
                Operator.objects.filter(
                    status__in=[Operator.Status.ACTIVE, Operator.Status.FLAGGED]
                ),
                policy=policy,
                now=now,
            ).order_by("name")
        )
        unresolved = {
            flag.operator_id: flag
            for flag in StandingFlag.objects.unresolved().filter(
                operator__in=[op.pk for op in operators]
            )
        }
        for op in operators:
            below = op.score < policy.minimum_contributions
            flag = unresolved.get(op.pk)
            if flag is None and below and not op.exempt:
                report.flagged.append(op)
            elif flag is not None and not below:
                report.cleared.append(op)
            elif (
                flag is not None
                and flag.status == StandingFlag.Status.IN_GRACE
                and flag.grace_until < today
            ):
                report.due_for_review.append(op)
        if not dry_run and report.changed:
            _apply(report, policy=policy, unresolved=unresolved, now=now)
    return report


def _apply(
    report: JobReport,
    *,
    policy: InactivityPolicy,
    unresolved: dict[int, StandingFlag],
    now: datetime,
) -> None:
    """Write what the job decided, in a bounded number of queries, and queue its mail."""
    from alliance import tasks

    today = timezone.localdate(now)
    new_flags = StandingFlag.objects.bulk_create(
        StandingFlag(
            operator=op,
            flagged_on=today,
            grace_until=today + timedelta(days=policy.grace_days),
            score=op.score,
            contribution_count=op.contribution_count,
            required=policy.minimum_contributions,
            window_days=policy.window_days,
            last_contribution_at=op.last_contribution_at,
        )
        for op in report.flagged
    )
    cleared = [unresolved[op.pk] for op in report.cleared]
    due = [unresolved[op.pk] for op in report.due_for_review]
    StandingFlag.objects.filter(pk__in=[f.pk for f in cleared]).update(
        status=StandingFlag.Status.CLEARED, resolved_at=now, resolution="Contributed again"
    )
    StandingFlag.objects.filter(pk__in=[f.pk for f in due]).update(
        status=StandingFlag.Status.DUE_FOR_REVIEW, due_at=now
    )
    # The status filters keep an admin's concurrent suspension or removal from being overwritten.
    Operator.objects.filter(
        pk__in=[op.pk for op in report.flagged], status=Operator.Status.ACTIVE
    ).update(status=Operator.Status.FLAGGED)
    Operator.objects.filter(
        pk__in=[op.pk for op in report.cleared], status=Operator.Status.FLAGGED
    ).update(status=Operator.Status.ACTIVE)
    AuditLogEntry.objects.bulk_create(
        [
            *(
                _job_entry("standing.flagged", flag.operator, flag, _figures(flag))
                for flag in new_flags
            ),
            *(
                _job_entry("standing.flag_cleared", op, unresolved[op.pk], {})
                for op in report.cleared
            ),
            *(
                _job_entry("standing.due_for_review", op, unresolved[op.pk], {})
                for op in report.due_for_review
            ),
        ]
    )
    if new_flags:
        transaction.on_commit(
            partial(tasks.send_standing_flagged_emails.delay, [f.pk for f in new_flags])
        )
    if cleared:
        transaction.on_commit(
            partial(tasks.send_standing_cleared_emails.delay, [f.pk for f in cleared])
        )
    if due:
        transaction.on_commit(partial(tasks.send_standing_review_digest.delay, [f.pk for f in due]))


def _figures(flag: StandingFlag) -> dict:
    return {
        "score": flag.score,
        "contributions": flag.contribution_count,
        "required": flag.required,
        "window_days": flag.window_days,
        "grace_until": flag.grace_until.isoformat(),
    }


def _job_entry(action: str, operator: Operator, flag: StandingFlag, changes: dict) -> AuditLogEntry:
    """An audit entry written by the job itself (no actor)."""
    return AuditLogEntry(
        action=action,
        operator=operator,
        content_type_id=_flag_content_type_id(),
        object_id=flag.pk,
        object_repr=str(operator)[:200],
        changes=changes,
    )


def _flag_content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(StandingFlag).pk


# --- the admins' actions ----------------------------------------------------------------------


def _lock(operator: Operator) -> tuple[Operator, StandingFlag | None]:
    """Re-read the operator and its unresolved flag under a row lock, so that an admin action and
    the job (or two admins) never decide on stale standing."""
    locked = Operator.objects.select_for_update().get(pk=operator.pk)
    flag = StandingFlag.objects.select_for_update().unresolved().filter(operator=locked).first()
    return locked, flag


def _set_status(operator: Operator, status: str) -> dict:
    before = {"status": operator.status}
    operator.status = status
    operator.save(update_fields=["status", "updated_at"])
    return changed_fields(operator, before)


def _resolve(flag: StandingFlag | None, resolution: str) -> None:
    if flag is not None:
        flag.status = StandingFlag.Status.CLOSED
        flag.resolved_at = timezone.now()
        flag.resolution = resolution
        flag.save(update_fields=["status", "resolved_at", "resolution"])


# What an operator's managers are told of each admin decision about its standing.
DECISION_HEADLINES = {
    "standing.grace_extended": "its grace period was extended",
    "standing.exempted": "it is exempt from the inactivity rule for a while",
    "standing.suspended": "it is suspended: the portal is read-only for its people",
    "standing.removed": "it was removed from the alliance",
    "standing.reinstated": "it was reinstated",
}


def _audit_and_tell_managers(**entry) -> AuditLogEntry:
    """Audit an admin's decision about an operator and, once it commits, mail its managers."""
    from alliance import tasks

    logged = audit(**entry)
    transaction.on_commit(partial(tasks.send_standing_decision_email.delay, logged.pk))
    return logged


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise StandingError("Give a reason: it is kept in the audit log.")
    return reason


@transaction.atomic
def extend_grace(*, operator: Operator, by, days: int, reason: str) -> StandingFlag:
    """Give a flagged operator `days` more to contribute, counted from today or from its current
    deadline, whichever is later; a flag due for review goes back into grace."""
    reason = _require_reason(reason)
    if not 1 <= days <= 365:
        raise StandingError("Extend the grace period by 1 to 365 days.")
    operator, flag = _lock(operator)
    if flag is None:
        raise StandingError(f"{operator.name} is not flagged: there is no grace period to extend.")
    before = flag.grace_until
    flag.grace_until = max(flag.grace_until, timezone.localdate()) + timedelta(days=days)
    flag.status = StandingFlag.Status.IN_GRACE
    flag.due_at = None
    flag.save(update_fields=["grace_until", "status", "due_at"])
    _audit_and_tell_managers(
        actor=by,
        action="standing.grace_extended",
        target=flag,
        operator=operator,
        changes={"grace_until": [before.isoformat(), flag.grace_until.isoformat()]},
        reason=reason,
    )
    return flag


@transaction.atomic
def exempt(*, operator: Operator, by, until: date, reason: str) -> Exemption:
    """Keep an operator out of the job until `until` (inclusive); clears its flag if it has one."""
    reason = _require_reason(reason)
    today = timezone.localdate()
    if until < today:
        raise StandingError("An exemption must end today or later.")
    operator, flag = _lock(operator)
    if not operator.can_contribute:
        raise StandingError(
            f"{operator.name} is {operator.get_status_display().lower()}: reinstate it first."
        )
    exemption = Exemption.objects.create(
        operator=operator, starts_on=today, ends_on=until, reason=reason, created_by=by
    )
    _resolve(flag, "Exempted")
    changes = _set_status(operator, Operator.Status.ACTIVE)
    _audit_and_tell_managers(
        actor=by,
        action="standing.exempted",
        target=exemption,
        operator=operator,
        changes={**changes, "exempt_until": [None, until.isoformat()]},
        reason=reason,
    )
    return exemption


@transaction.atomic
def suspend(*, operator: Operator, by, reason: str) -> Operator:
    """Make an operator read-only: its people can still sign in and read, but not contribute."""
    reason = _require_reason(reason)
    operator, flag = _lock(operator)
    if not operator.can_contribute:
        raise StandingError(f"{operator.name} is already {operator.get_status_display().lower()}.")
    _resolve(flag, "Suspended")
    changes = _set_status(operator, Operator.Status.SUSPENDED)
    _audit_and_tell_managers(
        actor=by,
        action="standing.suspended",
        target=operator,
        operator=operator,
        changes=changes,
        reason=reason,
    )
    return operator


@transaction.atomic
def remove(*, operator: Operator, by, reason: str) -> Operator:
    """Remove an operator from the alliance. Its people can no longer sign in; everything it
    contributed stays, shown as by a former member. Undone by `reinstate`."""
    reason = _require_reason(reason)
    operator, flag = _lock(operator)
    if operator.is_former_member:
        raise StandingError(f"{operator.name} has already been removed.")
    _resolve(flag, "Removed")
    changes = _set_status(operator, Operator.Status.REMOVED)
    _audit_and_tell_managers(
        actor=by,
        action="standing.removed",
        target=operator,
        operator=operator,
        changes=changes,
        reason=reason,
    )
    return operator


@transaction.atomic
def reinstate(*, operator: Operator, by, reason: str) -> Operator:
    """Bring a suspended or removed operator back to active standing, with its people's access."""
    reason = _require_reason(reason)
    operator, _flag = _lock(operator)
    if operator.can_contribute:
        raise StandingError(
            f"{operator.name} is {operator.get_status_display().lower()}: nothing to reinstate."
        )
    changes = _set_status(operator, Operator.Status.ACTIVE)
    _audit_and_tell_managers(
        actor=by,
        action="standing.reinstated",
        target=operator,
        operator=operator,
        changes=changes,
        reason=reason,
    )
    return operator


@transaction.atomic
def update_policy(*, policy: InactivityPolicy, by, initial: dict) -> InactivityPolicy:
    """Save an admin's change to the policy and audit what changed (`initial`: values before)."""
    policy.full_clean()
    policy.updated_by = by
    policy.save()
    changes = changed_fields(policy, initial)
    if changes:
        audit(actor=by, action="standing.policy_changed", target=policy, changes=changes)
    return policy


class Action(TextChoices):
    EXTEND_GRACE = "extend_grace", "Extend the grace period"
    EXEMPT = "exempt", "Exempt for a period"
    SUSPEND = "suspend", "Suspend (read-only)"
    REMOVE = "remove", "Remove from the alliance"
    REINSTATE = "reinstate", "Reinstate"


@transaction.atomic
def apply_action(
    *,
    action: str,
    operators: list[Operator],
    by,
    reason: str,
    days: int | None = None,
    until: date | None = None,
) -> int:
    """Apply one admin action to several operators, all or none (the pages' and the API's bulk
    entry point). Raises StandingError, naming the operator, if any of them does not qualify."""
    for operator in operators:
        if action == Action.EXTEND_GRACE:
            if days is None:
                raise StandingError("Say by how many days to extend the grace period.")
            extend_grace(operator=operator, by=by, days=days, reason=reason)
        elif action == Action.EXEMPT:
            if until is None:
                raise StandingError("Say until when the exemption lasts.")
            exempt(operator=operator, by=by, until=until, reason=reason)
        elif action == Action.SUSPEND:
            suspend(operator=operator, by=by, reason=reason)
        elif action == Action.REMOVE:
            remove(operator=operator, by=by, reason=reason)
        elif action == Action.REINSTATE:
            reinstate(operator=operator, by=by, reason=reason)
        else:
            raise StandingError(f"Unknown action {action!r}.")
    return len(operators)
