"""The inactivity job: who is flagged, cleared and due for review, what is mailed, idempotence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alliance.models import AuditLogEntry, Exemption, InactivityPolicy, Operator, StandingFlag
from alliance.standing.job import flag_inactive_members
from tests.factories import ContributionFactory, OperatorFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days: float):
    return NOW - timedelta(days=days)


@pytest.fixture
def policy(db) -> InactivityPolicy:
    policy = InactivityPolicy.current()
    policy.minimum_contributions = 2
    policy.save()
    return policy


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the job, then what it queued for after its commit (the mail), as production would."""

    def _run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return flag_inactive_members(**kwargs)

    return _run


def flagged_names() -> set[str]:
    return set(StandingFlag.objects.unresolved().values_list("operator__name", flat=True))


def test_operator_exactly_at_the_threshold_is_not_flagged(policy, operator, run):
    ContributionFactory.create_batch(2, operator=operator, created_at=days_ago(10))

    run(now=NOW)

    assert flagged_names() == set()
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE


def test_operator_one_below_the_threshold_is_flagged_with_its_figures(policy, operator, run):
    ContributionFactory(operator=operator, created_at=days_ago(10))

    run(now=NOW)

    flag = StandingFlag.objects.get()
    assert (flag.operator, flag.score, flag.required, flag.window_days) == (operator, 1, 2, 90)
    assert flag.grace_until == timezone.localdate(NOW) + timedelta(days=30)
    assert flag.last_contribution_at == days_ago(10)
    operator.refresh_from_db()
    assert operator.status == Operator.Status.FLAGGED


def test_contributions_just_inside_the_window_count_and_just_outside_do_not(policy, run):
    inside = OperatorFactory(name="Inside")
    outside = OperatorFactory(name="Outside")
    ContributionFactory.create_batch(
        2, operator=inside, created_at=days_ago(90) + timedelta(seconds=1)
    )
    ContributionFactory.create_batch(
        2, operator=outside, created_at=days_ago(90) - timedelta(seconds=1)
    )

    run(now=NOW)

    assert flagged_names() == {"Outside"}


def test_exempt_suspended_and_removed_operators_are_skipped(policy, operator, run):
    suspended = OperatorFactory(name="Suspended", status=Operator.Status.SUSPENDED)
    removed = OperatorFactory(name="Removed", status=Operator.Status.REMOVED)
    expired = OperatorFactory(name="Exemption over")
    today = timezone.localdate(NOW)
    Exemption.objects.create(operator=operator, starts_on=today, ends_on=today, reason="Merger")
    Exemption.objects.create(
        operator=expired,
        starts_on=today - timedelta(days=9),
        ends_on=today - timedelta(days=1),
        reason="x",
    )

    run(now=NOW)

    assert flagged_names() == {"Exemption over"}
    suspended.refresh_from_db()
    removed.refresh_from_db()
    assert (suspended.status, removed.status) == (
        Operator.Status.SUSPENDED,
        Operator.Status.REMOVED,
    )


def test_weights_decide_what_counts(policy, run):
    endorser = OperatorFactory(name="Endorser")
    publisher = OperatorFactory(name="Publisher")
    ContributionFactory(operator=endorser, kind="lesson_endorsed", created_at=days_ago(1))
    ContributionFactory(operator=publisher, kind="lesson_published", created_at=days_ago(1))
    policy.weights = {**policy.weights, "lesson_endorsed": 0, "lesson_published": 2}
    policy.save()

    run(now=NOW)

    assert flagged_names() == {"Endorser"}


def test_managers_and_admins_are_told_of_a_flag(operator, manager, member, admin_user, run):
    run(now=NOW)

    to_manager = [m for m in mail.outbox if m.to == [manager.email]]
    to_admins = [m for m in mail.outbox if m.to == [admin_user.email]]
    assert len(mail.outbox) == 2
    assert "Orange is at risk: contribute before" in to_manager[0].subject
    assert "1 contribution before" in to_manager[0].body
    assert "1 operator flagged as inactive" in to_admins[0].subject
    assert "Orange" in to_admins[0].body


def test_a_second_run_changes_nothing_and_sends_nothing(operator, manager, admin_user, run):
    first = run(now=NOW)
    sent = len(mail.outbox)
    entries = AuditLogEntry.objects.count()

    second = run(now=NOW)

    assert [op.name for op in first.flagged] == ["Orange"]
    assert not second.changed
    assert StandingFlag.objects.count() == 1
    assert (len(mail.outbox), AuditLogEntry.objects.count()) == (sent, entries)


def test_the_flag_clears_itself_when_the_operator_contributes_again(operator, manager, run):
    run(now=NOW)
    mail.outbox.clear()
    ContributionFactory(operator=operator, created_at=NOW)

    report = run(now=NOW + timedelta(hours=1))

    assert [op.name for op in report.cleared] == ["Orange"]
    flag = StandingFlag.objects.get()
    assert flag.status == StandingFlag.Status.CLEARED
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE
    assert [m.subject for m in mail.outbox] == ["[Alliance] Orange is back in good standing"]
    assert mail.outbox[0].to == [manager.email]


def test_flags_past_their_grace_become_due_for_review_with_one_admin_digest(admin_user, run):
    OperatorFactory(name="Quiet")
    OperatorFactory(name="Silent")
    run(now=NOW)
    mail.outbox.clear()

    later = NOW + timedelta(days=31)
    report = run(now=later)
    again = run(now=later)

    assert sorted(op.name for op in report.due_for_review) == ["Quiet", "Silent"]
    assert set(StandingFlag.objects.values_list("status", flat=True)) == {"due_for_review"}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Alliance] 2 flagged operators due for review"
    assert mail.outbox[0].to == [admin_user.email]
    assert not again.changed


def test_a_dry_run_reports_but_writes_and_sends_nothing(
    operator, manager, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_inactive_members", "--dry-run")

    assert "Would flag Orange: 0 weighted contribution(s)" in capsys.readouterr().out
    assert not StandingFlag.objects.exists()
    assert mail.outbox == []
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE


def test_the_command_does_the_work_and_says_so(operator, capsys):
    call_command("flag_inactive_members")

    assert "Did flag Orange" in capsys.readouterr().out
    assert flagged_names() == {"Orange"}


def test_the_beat_schedule_runs_the_task_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["flag-inactive-members"]

    assert entry["task"] == "alliance.tasks.flag_inactive_members"
    assert entry["schedule"].hour == {6}


def test_the_celery_task_runs_the_job(operator):
    from alliance.tasks import flag_inactive_members as task

    lines = task.delay().get()

    assert lines[0].startswith("Did flag Orange")
    assert flagged_names() == {"Orange"}
