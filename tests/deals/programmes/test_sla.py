"""SLA reports (who reports what, one per month), the breach mail to the lead's managers, and the
beat job that reminds missing reports — idempotent, and safe to retry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance.celery import app
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.models import AuditLogEntry, Contribution
from deals.programmes import notifications, services, sla
from deals.programmes.models import SLAReminder, SLAReport, previous_month
from tests.deals.programmes.helpers import last_month, mails_to, suspend
from tests.factories import ManagerMembershipFactory, ParticipationFactory, SLAReportFactory


def report(participation, by, month=None, availability="99.9", incidents=1, mttr="1.5"):
    return sla.file_sla_report(
        participation=participation,
        by=by,
        month=month or last_month(),
        availability=Decimal(availability),
        incidents=incidents,
        mttr_hours=Decimal(mttr),
    )


# --- Filing a report ---------------------------------------------------------------------------
def test_the_participant_reports_a_month_with_the_target_then_in_force(
    participation, telekom, telekom_member
):
    filed = report(participation, telekom_member, month=last_month() + timedelta(days=9))

    assert filed.month == last_month()  # any day of the month: stored as its first
    assert filed.target == Decimal("99.5")
    assert not filed.is_breach
    credit = Contribution.objects.get(kind=Contribution.Kind.SLA_REPORTED)
    assert (credit.operator, credit.target) == (telekom, filed)
    assert AuditLogEntry.objects.filter(action="programme.sla_reported").exists()


@pytest.mark.parametrize("who", ["member", "manager", "other_member", "admin_user"])
def test_only_the_participant_reports(request, who, participation):
    with pytest.raises(NotAllowed):
        report(participation, request.getfixturevalue(who))


def test_an_invited_operator_reports_once_it_takes_part(invitation, telekom_member):
    with pytest.raises(Conflict, match="does not take part"):
        report(invitation, telekom_member)


def test_a_suspended_participant_reports_nothing(participation, telekom, telekom_member):
    suspend(telekom)

    with pytest.raises(NotAllowed, match="suspended"):
        report(participation, telekom_member)


def test_one_report_per_participation_and_month(participation, telekom_member):
    report(participation, telekom_member)

    with pytest.raises(Conflict, match="already reported") as refused:
        report(participation, telekom_member)
    assert refused.value.field == "month"
    with pytest.raises(IntegrityError), transaction.atomic():
        SLAReportFactory(participation=participation, month=last_month())


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"month": timezone.localdate()}, "month"),
        ({"month": date(2000, 1, 1)}, "month"),
        ({"availability": "100.5"}, "availability"),
        ({"availability": "-1"}, "availability"),
        ({"incidents": 0, "mttr": "2"}, "mttr_hours"),
        ({"mttr": "-1"}, "mttr_hours"),
    ],
)
def test_a_report_s_figures_make_sense(participation, telekom_member, values, field):
    with pytest.raises(Invalid) as refused:
        report(participation, telekom_member, **values)
    assert refused.value.field == field


def test_the_database_keeps_reports_on_the_first_of_a_month(participation):
    with pytest.raises(IntegrityError), transaction.atomic():
        SLAReportFactory(participation=participation, month=date(2026, 1, 15))


# --- Breaches ----------------------------------------------------------------------------------
def test_a_breach_is_mailed_to_the_lead_s_managers_only(
    participation,
    telekom_member,
    telekom_manager,
    member,
    manager,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        filed = report(participation, telekom_member, availability="99.1", incidents=4, mttr="6")

    assert filed.is_breach
    assert [m.to for m in mail.outbox] == [[manager.email]]
    [message] = mail.outbox
    assert "SLA breach in Germany: 99.1 % against 99.5 %" in message.subject
    assert "Deutsche Telekom reported 99.1 % availability in Germany" in message.body
    assert participation.get_absolute_url() in message.body


def test_a_report_that_meets_the_target_mails_no_one(
    participation, telekom_member, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(participation, telekom_member, availability="99.5")

    assert mail.outbox == []


def test_a_later_change_of_the_target_does_not_rewrite_a_past_breach(
    participation, telekom_member, member
):
    filed = report(participation, telekom_member, availability="99.2")
    services.update_sla(
        participation=participation, by=member, values={"availability_target": Decimal("99")}
    )

    filed.refresh_from_db()
    assert filed.is_breach
    assert SLAReport.objects.breaches().get() == filed


# --- The reminder job --------------------------------------------------------------------------
def due_day() -> date:
    """A day on which last month's reports are due (the job's `today`)."""
    return timezone.localdate().replace(day=sla.REPORT_DUE_DAY)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(today: date | None = None) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return sla.remind_missing_reports(today=today or due_day())

    return _run


def test_the_job_reminds_the_participant_s_managers_of_last_month_s_missing_report(
    participation, telekom_manager, telekom_member, manager, run
):
    assert run() == {"reminded": 1}

    [message] = mail.outbox
    assert message.to == [telekom_manager.email]
    assert f"{last_month():%B %Y}" in message.subject
    assert participation.get_absolute_url() in message.body
    reminder = SLAReminder.objects.get()
    assert (reminder.participation, reminder.month) == (participation, last_month())
    assert reminder.sent_at is not None


def test_running_the_job_twice_sends_nothing_the_second_time(participation, telekom_manager, run):
    run()
    assert run() == {"reminded": 0}

    assert len(mail.outbox) == 1
    assert SLAReminder.objects.count() == 1


def test_the_job_leaves_alone_who_reported_who_took_part_only_this_month_and_closed_ones(
    programme, participation, telekom, telekom_member, telekom_manager, member, operator, run
):
    report(participation, telekom_member)
    fresh = ParticipationFactory(
        programme=programme,
        country="PL",
        operator=telekom,
        accepted=True,
        answered_at=timezone.now(),
    )
    ManagerMembershipFactory(operator=operator)

    assert run() == {"reminded": 0}
    assert fresh.reminders.count() == 0
    services.close_programme(programme=programme, by=member)
    SLAReport.objects.all().delete()
    assert run() == {"reminded": 0}


def test_the_job_reminds_no_suspended_participant(participation, telekom, telekom_manager, run):
    suspend(telekom)

    assert run() == {"reminded": 0}


def test_the_job_waits_for_the_due_day(participation, telekom_manager, run):
    assert run(today=due_day().replace(day=sla.REPORT_DUE_DAY - 1)) == {"reminded": 0}
    assert mail.outbox == []


def test_a_reminder_recorded_but_not_sent_is_sent_by_the_next_run_once(
    participation, telekom_manager, run
):
    """A run whose mail task was lost (the worker died) left its record unsent: the next run
    queues it again, and the task sends it once however often it is delivered."""
    lost = SLAReminder.objects.create(participation=participation, month=last_month())

    assert run() == {"reminded": 1}
    notifications.send_sla_reminder(lost.pk)  # delivered twice
    assert len(mails_to(mail.outbox, telekom_manager.email)) == 1
    lost.refresh_from_db()
    assert lost.sent_at is not None


def test_the_reminder_mail_is_not_sent_once_the_report_arrived(
    participation, telekom_member, telekom_manager
):
    waiting = SLAReminder.objects.create(participation=participation, month=last_month())
    report(participation, telekom_member)

    assert notifications.send_sla_reminder(waiting.pk) == 0
    assert mail.outbox == []


def test_the_job_is_a_beat_task_declared_in_the_settings():
    entry = settings.CELERY_BEAT_SCHEDULE["programmes-remind-missing-sla-reports"]
    app.loader.import_default_modules()

    assert entry["task"] in app.tasks
    assert "deals.programmes.notifications.send_sla_reminder" in app.tasks


def test_previous_month_crosses_the_year():
    assert previous_month(date(2026, 1, 5)) == date(2025, 12, 1)
