"""The inactivity job from the pruning page (issue 11): the dry run lists exactly what it would
change, and staff run the real job — the daily Celery task — after confirming, audited, with
nothing more to change the second time."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance.models import AuditLogEntry, Operator, OutboxMessage, StandingFlag
from alliance.standing.job import flag_inactive_members
from tests.conftest import PERSONAS
from tests.factories import ManagerMembershipFactory, OperatorFactory

pytestmark = pytest.mark.django_db

DRY_RUN = reverse("alliance:standing_dry_run")
RUN_NOW = reverse("alliance:standing_run_now")
PRUNING = reverse("alliance:standing_pruning")


@pytest.fixture
def quiet_and_new(db) -> tuple[Operator, Operator]:
    """Quiet, a member since 2024, never contributed; Swisscom joined yesterday."""
    quiet = OperatorFactory(name="Quiet")
    ManagerMembershipFactory(operator=quiet, user__email="manager@quiet.example")
    swisscom = OperatorFactory(name="Swisscom", joined_on=timezone.localdate() - timedelta(days=1))
    return quiet, swisscom


def changes_table(page: str) -> list[str]:
    """The operators named in the dry run's table of changes."""
    match = re.search(r'<table class="standing-table dry-run-table">(.*?)</table>', page, re.S)
    if match is None:
        return []
    return re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>', match.group(1))


def banner(page: str) -> list[str]:
    match = re.search(r'<ul class="plain-list dry-run-lines">(.*?)</ul>', page, re.S)
    return [html.unescape(line) for line in re.findall(r"<li>(.*?)</li>", match.group(1))]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_staff_see_the_dry_run_and_run_the_job(
    persona, client_for, quiet_and_new, django_capture_on_commit_callbacks
):
    client = client_for(persona)

    page = client.get(DRY_RUN)
    with django_capture_on_commit_callbacks(execute=True):
        run = client.post(RUN_NOW, {"confirm": "on"})

    if persona is None:
        assert (page.status_code, run.status_code) == (302, 302)
        assert "/accounts/login/" in run.url
    elif persona.is_staff:
        assert (page.status_code, run.status_code) == (200, 302)
    else:
        assert (page.status_code, run.status_code) == (403, 403)
    ran = persona is not None and persona.is_staff
    assert StandingFlag.objects.exists() == ran


def test_the_dry_run_lists_exactly_the_operators_its_banner_names(
    client, admin_user, quiet_and_new
):
    client.force_login(admin_user)

    page = client.get(DRY_RUN).content.decode()

    assert banner(page) == [
        "Would flag Quiet: 0 weighted contribution(s) in the window, last contribution never"
    ]
    assert changes_table(page) == ["Quiet"]
    first_check = timezone.localdate() + timedelta(days=89)
    assert "Not judged yet" in page
    assert f"first check {first_check:%-d %b %Y}" in html.unescape(page)
    assert not StandingFlag.objects.exists()


def test_with_nothing_to_change_the_dry_run_says_so_and_lists_nothing(client, admin_user):
    OperatorFactory(name="Newcomer", joined_on=timezone.localdate())
    client.force_login(admin_user)

    page = client.get(DRY_RUN).content.decode()

    assert banner(page) == ["Nothing to do: every operator's standing is up to date."]
    assert changes_table(page) == []


def test_running_the_job_needs_a_confirmation(client, admin_user, quiet_and_new):
    client.force_login(admin_user)

    response = client.post(RUN_NOW, {})

    assert response.status_code == 400
    assert "Tick the box to confirm that the job should run now." in response.content.decode()
    assert not StandingFlag.objects.exists()
    assert not AuditLogEntry.objects.filter(action="standing.job_run").exists()


def test_run_now_queues_the_daily_celery_task_once_the_request_commits(
    client, admin_user, quiet_and_new, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(RUN_NOW, {"confirm": "on"})

    (queued_job,) = OutboxMessage.objects.all()
    assert queued_job.task == "alliance.tasks.flag_inactive_members"
    assert len(queued) == 1  # handed to the broker once the request has committed
    assert response.status_code == 302 and response.url == PRUNING
    assert not StandingFlag.objects.exists()  # nothing runs before the request has committed


def test_run_now_does_what_the_dry_run_showed_audited_and_idempotent(
    client, admin_user, quiet_and_new, django_capture_on_commit_callbacks
):
    swisscom = quiet_and_new[1]
    client.force_login(admin_user)
    shown = changes_table(client.get(DRY_RUN).content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(RUN_NOW, {"confirm": "on"}, follow=True)
    sent, flags = len(mail.outbox), list(StandingFlag.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RUN_NOW, {"confirm": "on"})

    assert shown == [op.name for op in Operator.objects.filter(standing_flags__isnull=False)]
    assert "The inactivity job is running" in first.content.decode()
    assert [op.name for op in Operator.objects.filter(status="flagged")] == ["Quiet"]
    runs = AuditLogEntry.objects.filter(action="standing.job_run")
    assert [(entry.actor, entry.reason) for entry in runs] == [(admin_user, "")] * 2
    assert "Ran the inactivity job from the pruning page" in first.content.decode()
    assert list(StandingFlag.objects.values_list("pk", flat=True)) == flags
    assert AuditLogEntry.objects.filter(action="standing.flagged").count() == 1
    assert len(mail.outbox) == sent
    swisscom.refresh_from_db()
    assert swisscom.status == Operator.Status.ACTIVE


def test_the_daily_run_after_run_now_changes_nothing(
    client, admin_user, quiet_and_new, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RUN_NOW, {"confirm": "on"})

    assert not flag_inactive_members().changed


def test_the_pruning_page_shows_when_a_new_member_is_first_checked(client, admin_user):
    OperatorFactory(name="Swisscom", joined_on=timezone.localdate() - timedelta(days=1))
    client.force_login(admin_user)

    page = client.get(PRUNING, {"show": "all"}).content.decode()

    first_check = timezone.localdate() + timedelta(days=89)
    assert f"First check {first_check:%-d %b %Y}" in page


def test_a_reinstated_operators_standing_page_says_when_it_is_first_checked_again(
    client, admin_user, operator
):
    Operator.objects.filter(pk=operator.pk).update(reinstated_on=timezone.localdate())
    client.force_login(admin_user)

    page = client.get(reverse("alliance:standing_operator", args=[operator.slug]))

    first_check = timezone.localdate() + timedelta(days=90)
    assert (
        f"Not judged before its first check on {first_check:%-d %b %Y} (one whole window "
        "after it was reinstated)" in page.content.decode()
    )
