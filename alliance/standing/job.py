"""The inactivity job: flag operators below the policy, clear the flags of those who contributed
again, mark flags past their grace due for review. Run by the daily beat task, by
`manage.py flag_inactive_members`, and from the pruning page (dry run, or "run now").

The job changes `Operator.status` only between active and flagged, and never overwrites an
admin's concurrent suspension or removal; memberships are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from alliance import outbox
from alliance.models import AuditLogEntry, InactivityPolicy, Operator, StandingFlag
from alliance.standing import mail
from alliance.standing.figures import with_figures


@dataclass
class JobReport:
    """What one run of the inactivity job did (or, in a dry run, would do). `waiting` lists the
    operators below the threshold that are not judged yet — new or reinstated members — with the
    day of their first check; nothing changes for them."""

    dry_run: bool
    policy: InactivityPolicy
    grace_until: date  # of the flags raised by this run
    flagged: list[Operator] = field(default_factory=list)
    cleared: list[Operator] = field(default_factory=list)
    due_for_review: list[Operator] = field(default_factory=list)
    waiting: list[tuple[Operator, date]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.flagged or self.cleared or self.due_for_review)

    def rows(self) -> list[tuple[Operator, str, str, str]]:
        """(operator, change, detail, badge) for each change, in the order of `lines()`."""
        grace = f"grace until {self.grace_until:%-d %b %Y}"
        return [
            *((op, "Flag as at risk", grace, "flagged") for op in self.flagged),
            *((op, "Clear its flag", "contributed again", "active") for op in self.cleared),
            *(
                (op, "Due for review", "grace has passed", "suspended")
                for op in self.due_for_review
            ),
        ]

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
    """Flag operators below the policy's threshold (once they have had one whole window since
    they joined or were reinstated), clear flags of those who contributed again and mark flags
    past their grace period due for review; mail managers and admins once.

    Idempotent: a second run the same day finds nothing to change. Safe with two workers at once:
    the policy row is locked for the run (SELECT ... FOR UPDATE), so the second run waits and then
    sees the first run's flags; the unique constraint on unresolved flags backs this up."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    InactivityPolicy.current()  # make sure the row to lock exists
    with transaction.atomic():
        policy = InactivityPolicy.objects.select_for_update().get(pk=InactivityPolicy.SINGLETON_ID)
        report = JobReport(
            dry_run=dry_run,
            policy=policy,
            grace_until=today + timedelta(days=policy.grace_days),
        )
        operators = list(
            with_figures(Operator.objects.contributing(), policy=policy, now=now).order_by("name")
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
                if op.is_judged_on(today, policy.window_days):
                    report.flagged.append(op)
                else:
                    report.waiting.append((op, op.first_check_on(policy.window_days)))
            elif flag is not None and not below:
                report.cleared.append(op)
            elif (
                flag is not None
                and flag.status == StandingFlag.Status.IN_GRACE
                and flag.grace_until < today
            ):
                report.due_for_review.append(op)
        if not dry_run and report.changed:
            _apply(report, unresolved=unresolved, now=now)
    return report


def _apply(report: JobReport, *, unresolved: dict[int, StandingFlag], now: datetime) -> None:
    """Write what the job decided, in a bounded number of queries, and queue its mail."""
    policy = report.policy
    new_flags = StandingFlag.objects.bulk_create(
        StandingFlag(
            operator=op,
            flagged_on=timezone.localdate(now),
            grace_until=report.grace_until,
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
    flag_type = ContentType.objects.get_for_model(StandingFlag).pk
    AuditLogEntry.objects.bulk_create(
        [
            *(
                _job_entry("standing.flagged", flag.operator, flag, flag_type, _figures(flag))
                for flag in new_flags
            ),
            *(
                _job_entry("standing.flag_cleared", op, unresolved[op.pk], flag_type, {})
                for op in report.cleared
            ),
            *(
                _job_entry("standing.due_for_review", op, unresolved[op.pk], flag_type, {})
                for op in report.due_for_review
            ),
        ]
    )
    if new_flags:
        outbox.enqueue(mail.send_standing_flagged_emails, [f.pk for f in new_flags])
    if cleared:
        outbox.enqueue(mail.send_standing_cleared_emails, [f.pk for f in cleared])
    if due:
        outbox.enqueue(mail.send_standing_review_digest, [f.pk for f in due])


def _figures(flag: StandingFlag) -> dict:
    return {
        "score": flag.score,
        "contributions": flag.contribution_count,
        "required": flag.required,
        "window_days": flag.window_days,
        "grace_until": flag.grace_until.isoformat(),
    }


def _job_entry(
    action: str, operator: Operator, flag: StandingFlag, flag_type: int, changes: dict
) -> AuditLogEntry:
    """An audit entry written by the job itself (no actor)."""
    return AuditLogEntry(
        action=action,
        operator=operator,
        content_type_id=flag_type,
        object_id=flag.pk,
        object_repr=str(operator)[:200],
        changes=changes,
    )
