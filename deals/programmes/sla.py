"""SLA reports: a participant files its figures for a month; a breach of the target is mailed to
the lead's managers; the beat job reminds participants whose report for last month is missing.

Rules: only the participant's people report, while it takes part in an active programme
(`Participation.check_run_by`); one report per participation and month (the constraint is the
last guard); a month is reported once it is over, and at most `OLDEST_MONTHS` back; availability
is a percentage, incidents and the mean time to restore are not negative, and a month without
incidents has no time to restore. A report keeps the target in force when it was filed.

The reminder job (`remind_missing_reports`) is idempotent: it records each reminder
(`SLAReminder`, one per participation × month) in the transaction that queues its mail, so a second
run finds the record and sends nothing; the mail task sends only while the record is unsent and
marks it sent, so a retried task or a re-queued record sends once.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance import outbox
from alliance.errors import Conflict, Invalid
from alliance.ledger import audit, record_contribution
from alliance.models import Contribution, Operator
from alliance.permissions import acting_operator
from deals.programmes import notifications
from deals.programmes.checks import locked_participation
from deals.programmes.models import (
    Participation,
    Programme,
    SLAReminder,
    SLAReport,
    first_of_month,
    previous_month,
)

# How far back a month may be reported.
OLDEST_MONTHS = 24
# Reports of a month are due by this day of the next month; reminders go out from then on.
REPORT_DUE_DAY = 5


def months_back(day: date, count: int) -> date:
    month = first_of_month(day)
    for _ in range(count):
        month = previous_month(month)
    return month


def _check_figures(*, month: date, availability, incidents: int, mttr_hours) -> None:
    today = timezone.localdate()
    if month >= first_of_month(today):
        raise Invalid("Report a month once it is over.", field="month")
    if month < months_back(today, OLDEST_MONTHS):
        raise Invalid(
            f"Months more than {OLDEST_MONTHS} months ago are no longer reported.", field="month"
        )
    if not Decimal(0) <= Decimal(availability) <= Decimal(100):
        raise Invalid("Availability is a percentage from 0 to 100.", field="availability")
    if incidents < 0:
        raise Invalid("The number of incidents cannot be negative.", field="incidents")
    if Decimal(mttr_hours) < 0:
        raise Invalid("The mean time to restore cannot be negative.", field="mttr_hours")
    if incidents == 0 and Decimal(mttr_hours) > 0:
        raise Invalid(
            "A month without incidents has no time to restore: give 0 hours.", field="mttr_hours"
        )


def file_sla_report(
    *,
    participation: Participation,
    by,
    month: date,
    availability: Decimal,
    incidents: int,
    mttr_hours: Decimal,
) -> SLAReport:
    """The participant reports a month's figures (a contribution); a breach is mailed to the
    lead's managers once the report is saved."""
    operator = acting_operator(by)
    month = first_of_month(month)
    with transaction.atomic():
        participation = locked_participation(participation)
        participation.check_run_by(operator)
        _check_figures(
            month=month, availability=availability, incidents=incidents, mttr_hours=mttr_hours
        )
        try:
            with transaction.atomic():
                report = SLAReport.objects.create(
                    participation=participation,
                    month=month,
                    availability=availability,
                    incidents=incidents,
                    mttr_hours=mttr_hours,
                    target=participation.availability_target,
                    reported_by=by,
                )
        except IntegrityError as error:
            raise Conflict(
                f"{operator.name} has already reported {month:%B %Y} for "
                f"{participation.country.name}.",
                field="month",
            ) from error
        record_contribution(
            operator=operator, user=by, kind=Contribution.Kind.SLA_REPORTED, target=report
        )
        audit(actor=by, action="programme.sla_reported", target=report, operator=operator)
        if report.is_breach:
            outbox.enqueue(notifications.notify_sla_breach, report.pk)
    return report


def owing_report(month: date, *, today: date) -> list[Participation]:
    """Accepted participations of active programmes, of operators that may contribute, that took
    part before this month began, with no report for `month` and no reminder sent for it."""
    return list(
        Participation.objects.accepted()
        .filter(
            programme__status=Programme.Status.ACTIVE,
            operator__status__in=Operator.CONTRIBUTING_STATUSES,
            answered_at__lt=timezone.make_aware(datetime.combine(first_of_month(today), time.min)),
        )
        .exclude(reports__month=month)
        .exclude(reminders__month=month, reminders__sent_at__isnull=False)
        .order_by("pk")
    )


def remind_missing_reports(*, today: date | None = None) -> dict[str, int]:
    """The beat job: from the due day on, remind each participant once per participation of its
    missing report for last month. Running it again sends nothing more."""
    today = today or timezone.localdate()
    if today.day < REPORT_DUE_DAY:
        return {"reminded": 0}
    month = previous_month(today)
    reminded = 0
    with transaction.atomic():
        for participation in owing_report(month, today=today):
            try:
                with transaction.atomic():
                    reminder, _ = SLAReminder.objects.get_or_create(
                        participation=participation, month=month
                    )
            except IntegrityError:  # another run recorded it meanwhile: that run sends it
                continue
            if reminder.sent_at is None:
                # Queued again if a previous run's mail was lost; the task sends it only once.
                outbox.enqueue(notifications.send_sla_reminder, reminder.pk)
                reminded += 1
    return {"reminded": reminded}
