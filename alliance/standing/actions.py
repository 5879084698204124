"""The admins' decisions about standing: extend grace, exempt, suspend, remove, reinstate, change
the policy, run the job now. Pages, the API and the admin call these; each validates its own
domain rules here (forms and serializers check only the shape of the input) and raises
`alliance.errors`. Every decision is audited, and the operator's managers are mailed.

Memberships are never touched, so reinstatement gives each person back exactly the access they
had."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone

from alliance import outbox
from alliance.errors import Conflict, Invalid
from alliance.ledger import audit, changed_fields
from alliance.models import AuditLogEntry, Exemption, InactivityPolicy, Operator, StandingFlag
from alliance.standing import mail, tasks

REASON_REQUIRED = "Give a reason: it is kept in the audit log."
MAX_GRACE_EXTENSION_DAYS = 365


class Action(TextChoices):
    EXTEND_GRACE = "extend_grace", "Extend the grace period"
    EXEMPT = "exempt", "Exempt for a period"
    SUSPEND = "suspend", "Suspend (read-only)"
    REMOVE = "remove", "Remove from the alliance"
    REINSTATE = "reinstate", "Reinstate"


def _lock(operator: Operator) -> tuple[Operator, StandingFlag | None]:
    """Re-read the operator and its unresolved flag under a row lock, so that an admin action and
    the job (or two admins) never decide on stale standing."""
    locked = Operator.objects.select_for_update().get(pk=operator.pk)
    flag = StandingFlag.objects.select_for_update().unresolved().filter(operator=locked).first()
    return locked, flag


def _close(flag: StandingFlag | None, resolution: str) -> None:
    if flag is not None:
        flag.status = StandingFlag.Status.CLOSED
        flag.resolved_at = timezone.now()
        flag.resolution = resolution
        flag.save(update_fields=["status", "resolved_at", "resolution"])


def _require_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(REASON_REQUIRED, field="reason")
    return reason


def _audit_and_tell_managers(**entry) -> AuditLogEntry:
    """Audit an admin's decision about an operator and, once it commits, mail its managers."""
    logged = audit(**entry)
    outbox.enqueue(mail.send_standing_decision_email, logged.pk)
    return logged


@transaction.atomic
def extend_grace(*, operator: Operator, by, days: int | None, reason: str) -> StandingFlag:
    """Give a flagged operator `days` more to contribute, counted from today or from its current
    deadline, whichever is later; a flag due for review goes back into grace."""
    reason = _require_reason(reason)
    if days is None:
        raise Invalid("Say by how many days to extend the grace period.", field="days")
    if not 1 <= days <= MAX_GRACE_EXTENSION_DAYS:
        raise Invalid(
            f"Extend the grace period by 1 to {MAX_GRACE_EXTENSION_DAYS} days.", field="days"
        )
    operator, flag = _lock(operator)
    if flag is None:
        raise Conflict(f"{operator.name} is not flagged: there is no grace period to extend.")
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
def exempt(*, operator: Operator, by, until: date | None, reason: str) -> Exemption:
    """Keep an operator out of the job until `until` (inclusive); clears its flag if it has one."""
    reason = _require_reason(reason)
    today = timezone.localdate()
    if until is None:
        raise Invalid("Say until when the exemption lasts.", field="until")
    if until < today:
        raise Invalid("An exemption must end today or later.", field="until")
    operator, flag = _lock(operator)
    if not operator.can_contribute:
        raise Conflict(
            f"{operator.name} is {operator.get_status_display().lower()}: reinstate it first."
        )
    exemption = Exemption.objects.create(
        operator=operator, starts_on=today, ends_on=until, reason=reason, created_by=by
    )
    _close(flag, "Exempted")
    before = {"status": operator.status}
    operator.status = Operator.Status.ACTIVE
    operator.save(update_fields=["status", "updated_at"])
    _audit_and_tell_managers(
        actor=by,
        action="standing.exempted",
        target=exemption,
        operator=operator,
        changes={**changed_fields(operator, before), "exempt_until": [None, until.isoformat()]},
        reason=reason,
    )
    return exemption


@dataclass(frozen=True)
class StandingChange:
    """An admin's move of an operator to another standing: what is allowed, what it does."""

    to: str
    action: str  # the audit action (and the managers' mail headline)
    allowed_from: tuple[str, ...]
    refusal: str  # why not, when the operator's standing is not in `allowed_from`
    closes_flag_as: str = ""  # the resolution written on its unresolved flag, if any
    restarts_window: bool = False  # judged again only after a whole window from today


SUSPEND = StandingChange(
    to=Operator.Status.SUSPENDED,
    action="standing.suspended",
    allowed_from=Operator.CONTRIBUTING_STATUSES,
    refusal="{name} is already {status}.",
    closes_flag_as="Suspended",
)
REMOVE = StandingChange(
    to=Operator.Status.REMOVED,
    action="standing.removed",
    allowed_from=(*Operator.CONTRIBUTING_STATUSES, Operator.Status.SUSPENDED),
    refusal="{name} has already been removed.",
    closes_flag_as="Removed",
)
REINSTATE = StandingChange(
    to=Operator.Status.ACTIVE,
    action="standing.reinstated",
    allowed_from=(Operator.Status.SUSPENDED, Operator.Status.REMOVED),
    refusal="{name} is {status}: nothing to reinstate.",
    restarts_window=True,
)
STANDING_CHANGES = {Action.SUSPEND: SUSPEND, Action.REMOVE: REMOVE, Action.REINSTATE: REINSTATE}


@transaction.atomic
def change_standing(*, operator: Operator, by, reason: str, change: StandingChange) -> Operator:
    """Suspend (read-only: its people still sign in and read), remove (its people can no longer
    sign in; everything it contributed stays, shown as by a former member) or reinstate an
    operator, as `change` says."""
    reason = _require_reason(reason)
    operator, flag = _lock(operator)
    if operator.status not in change.allowed_from:
        status = operator.get_status_display().lower()
        raise Conflict(change.refusal.format(name=operator.name, status=status))
    if change.closes_flag_as:
        _close(flag, change.closes_flag_as)
    before = {"status": operator.status, "reinstated_on": operator.reinstated_on}
    operator.status = change.to
    if change.restarts_window:
        operator.reinstated_on = timezone.localdate()
    changes = changed_fields(operator, before)
    operator.save(update_fields=[*changes, "updated_at"])
    _audit_and_tell_managers(
        actor=by,
        action=change.action,
        target=operator,
        operator=operator,
        changes=changes,
        reason=reason,
    )
    return operator


suspend = partial(change_standing, change=SUSPEND)
remove = partial(change_standing, change=REMOVE)
reinstate = partial(change_standing, change=REINSTATE)


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
    entry point). Raises the first operator's refusal, naming it, if any does not qualify."""
    for operator in operators:
        if action == Action.EXTEND_GRACE:
            extend_grace(operator=operator, by=by, days=days, reason=reason)
        elif action == Action.EXEMPT:
            exempt(operator=operator, by=by, until=until, reason=reason)
        elif action in STANDING_CHANGES:
            change_standing(
                operator=operator, by=by, reason=reason, change=STANDING_CHANGES[action]
            )
        else:
            raise Invalid(f"Unknown action {action!r}.", field="action")
    return len(operators)


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


@transaction.atomic
def run_job_now(*, by) -> AuditLogEntry:
    """Queue the inactivity job now, at an admin's request: the same Celery task as the daily
    run, so it does what the dry run showed (as of when it runs), and a second run — or the daily
    one after it — changes nothing more. The request is audited."""
    entry = audit(actor=by, action="standing.job_run", target=InactivityPolicy.current())
    outbox.enqueue(tasks.flag_inactive_members)
    return entry
