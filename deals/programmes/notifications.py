"""Mail of programmes, sent by Celery tasks that load by id: invitations to the invited operator,
answers, SLA breaches and reminders. Programme mail goes to the managers of the operator concerned
(`Membership.objects.active_managers`): they answer for their operator's part of a programme.

Only operators that see the programme are ever written to about it: its lead and the operator
invited to or taking part in the participation concerned.
"""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from alliance.emails import absolute_url, send_templated_email
from alliance.models import Membership
from deals.programmes.models import Participation, SLAReminder, SLAReport


def _managers(operator_id: int) -> list[str]:
    return sorted(
        set(
            Membership.objects.active_managers()
            .filter(operator_id=operator_id)
            .values_list("user__email", flat=True)
        )
    )


def _participation(participation_id: int) -> Participation:
    return Participation.objects.select_related(
        "programme__lead", "programme__partner", "operator", "answered_by", "platform"
    ).get(pk=participation_id)


def _context(participation: Participation, **extra) -> dict:
    return {
        "participation": participation,
        "programme": participation.programme,
        "programme_url": absolute_url(participation.programme.get_absolute_url()),
        "participation_url": absolute_url(participation.get_absolute_url()),
        **extra,
    }


@shared_task
def notify_participation_invited(participation_id: int) -> int:
    """Tell the invited operator's managers what they are asked to serve, and by when."""
    participation = _participation(participation_id)
    if participation.status != Participation.Status.INVITED:
        return 0
    return send_templated_email(
        template="programme_invited",
        to=_managers(participation.operator_id),
        context=_context(participation),
    )


@shared_task
def notify_participation_answered(participation_id: int) -> int:
    """Tell the lead's managers how the invited operator answered (and why, if it declined)."""
    participation = _participation(participation_id)
    if participation.operator_id == participation.programme.lead_id:
        return 0
    return send_templated_email(
        template="programme_answered",
        to=_managers(participation.programme.lead_id),
        context=_context(participation),
    )


@shared_task
def notify_sla_breach(report_id: int) -> int:
    """Tell the lead's managers that a participant's availability fell below its target."""
    report = SLAReport.objects.select_related(
        "participation__programme__lead", "participation__operator", "reported_by"
    ).get(pk=report_id)
    participation = report.participation
    return send_templated_email(
        template="sla_breach",
        to=_managers(participation.programme.lead_id),
        context=_context(participation, report=report),
    )


@shared_task
def send_sla_reminder(reminder_id: int) -> int:
    """Remind the participant's managers of a missing report, once: the reminder row is locked
    and marked sent in the same transaction as the mail goes out, so a retried or re-queued task
    finds it sent. Nothing is sent if the report arrived meanwhile."""
    with transaction.atomic():
        reminder = (
            SLAReminder.objects.select_for_update()
            .select_related("participation__programme__lead", "participation__operator")
            .get(pk=reminder_id)
        )
        participation = reminder.participation
        if reminder.sent_at is not None:
            return 0
        if participation.reports.filter(month=reminder.month).exists():
            return 0
        sent = send_templated_email(
            template="sla_reminder",
            to=_managers(participation.operator_id),
            context=_context(participation, month=reminder.month),
        )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
    return sent
