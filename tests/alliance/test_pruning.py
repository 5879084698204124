"""The admins' pruning pages: who may use them, what they show, and every action audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.models import AuditLogEntry, Consumption, Exemption, Operator, StandingFlag
from alliance.permissions import can_contribute
from alliance.standing import job
from alliance.standing.actions import suspend
from alliance.standing.job import flag_inactive_members
from tests.conftest import PERSONAS
from tests.factories import ContributionFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db

PRUNING = reverse("alliance:standing_pruning")


@pytest.fixture
def flagged(operator) -> Operator:
    """Orange, flagged by the job: it has not contributed in the window."""
    ContributionFactory(operator=operator, created_at=timezone.now() - timedelta(days=120))
    flag_inactive_members()
    operator.refresh_from_db()
    return operator


def act(client, operators, action, reason="Reviewed at the board", url=PRUNING, **fields):
    data = {
        "operators": [op.pk for op in operators],
        "action": action,
        "reason": reason,
        "confirm": "on",
        **fields,
    }
    return client.post(url, data)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_staff_with_two_factor_reach_the_pruning_page(persona, client_for, flagged):
    response = client_for(persona).get(PRUNING)

    if persona is None:
        assert response.status_code == 302 and "/accounts/login/" in response.url
    elif persona.is_staff:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_staff_without_two_factor_are_sent_to_set_it_up(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(PRUNING)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_members_cannot_act_on_standing(client, manager, flagged):
    client.force_login(manager)

    response = act(client, [flagged], "remove")

    assert response.status_code == 403
    flagged.refresh_from_db()
    assert flagged.status == Operator.Status.FLAGGED


def test_the_page_shows_flagged_operators_with_their_figures(
    client, admin_user, flagged, other_operator
):
    Consumption.objects.create(
        viewer=flagged, owner=other_operator, kind="deals.deal", day=timezone.localdate(), views=7
    )
    client.force_login(admin_user)

    page = client.get(PRUNING).content.decode()

    flag = StandingFlag.objects.get()
    assert "Orange" in page
    assert "At risk" in page
    assert "takes without giving" in page
    assert ">7<" in page.replace(" ", "")  # its views of others' work
    assert flag.grace_until.strftime("%-d %b %Y") in page
    assert "Millicom" not in page  # active operators are not listed unless asked for
    assert "Flagged by the inactivity job" in page  # the audit log


def test_the_page_lists_operators_in_a_constant_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    for i in range(30):
        OperatorFactory(name=f"Quiet {i}")
    flag_inactive_members()
    client.force_login(admin_user)

    with django_assert_max_num_queries(14):
        response = client.get(PRUNING)

    assert response.content.decode().count('name="operators"') == 30


def test_extending_grace_moves_the_deadline_and_is_audited(client, admin_user, flagged):
    client.force_login(admin_user)
    before = StandingFlag.objects.get().grace_until

    response = act(client, [flagged], "extend_grace", days=14, reason="Reorganising their BD team")

    assert response.status_code == 302
    assert StandingFlag.objects.get().grace_until == before + timedelta(days=14)
    entry = AuditLogEntry.objects.get(action="standing.grace_extended")
    assert (entry.actor, entry.operator, entry.reason) == (
        admin_user,
        flagged,
        "Reorganising their BD team",
    )
    assert "Grace period extended" in client.get(PRUNING).content.decode()


def test_an_action_without_reason_or_confirmation_is_refused(client, admin_user, flagged):
    client.force_login(admin_user)

    response = client.post(PRUNING, {"operators": [flagged.pk], "action": "remove"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Give a reason: it is kept in the audit log." in page
    assert "Tick the box to confirm the action." in page
    flagged.refresh_from_db()
    assert flagged.status == Operator.Status.FLAGGED


def test_an_action_that_does_not_apply_says_why_and_changes_nothing(
    client, admin_user, flagged, other_operator
):
    client.force_login(admin_user)

    response = act(client, [flagged, other_operator], "extend_grace", days=10)

    assert response.status_code == 409
    assert (
        "Millicom is not flagged: there is no grace period to extend." in response.content.decode()
    )
    assert not AuditLogEntry.objects.filter(action="standing.grace_extended").exists()


def test_exempting_clears_the_flag_and_keeps_the_job_away(client, admin_user, flagged):
    client.force_login(admin_user)
    until = timezone.localdate() + timedelta(days=60)

    act(client, [flagged], "exempt", until=until.isoformat(), reason="Merger under way")
    report = flag_inactive_members()

    flagged.refresh_from_db()
    assert flagged.status == Operator.Status.ACTIVE
    assert StandingFlag.objects.get().status == StandingFlag.Status.CLOSED
    assert Exemption.objects.get().ends_on == until
    assert not report.flagged


def test_suspended_members_read_but_cannot_write(client, admin_user, flagged, member):
    client.force_login(admin_user)

    act(client, [flagged], "suspend")

    member.refresh_from_db()
    assert not can_contribute(member)
    client.force_login(member)
    assert client.get(reverse("alliance:dashboard")).status_code == 200


def test_bulk_removal_and_reinstatement_with_an_audit_trail(
    client, admin_user, flagged, other_operator, member
):
    client.force_login(admin_user)

    act(client, [flagged, other_operator], "remove", reason="No contribution for a year")
    removed = set(Operator.objects.filter(status="removed").values_list("name", flat=True))
    act(client, [flagged], "reinstate", reason="New BD lead appointed")

    flagged.refresh_from_db()
    member.refresh_from_db()
    assert removed == {"Orange", "Millicom"}
    assert flagged.status == Operator.Status.ACTIVE
    assert can_contribute(member)
    assert list(
        AuditLogEntry.objects.filter(operator=flagged)
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["standing.flagged", "standing.removed", "standing.reinstated"]
    page = client.get(reverse("alliance:standing_operator", args=[flagged.slug])).content.decode()
    assert "New BD lead appointed" in page
    assert "No contribution for a year" in page


def test_the_operator_page_shows_its_contribution_history(client, admin_user, flagged):
    client.force_login(admin_user)

    page = client.get(reverse("alliance:standing_operator", args=[flagged.slug])).content.decode()

    assert "<svg" in page
    assert "Logged a deal" in page
    assert "Never flagged." not in page


def test_a_dry_run_from_the_page_says_what_the_job_would_do_and_changes_nothing(
    client, admin_user, operator
):
    client.force_login(admin_user)

    response = client.post(reverse("alliance:standing_dry_run"), follow=True)

    assert (
        "Would flag Orange: 0 weighted contribution(s) in the window" in response.content.decode()
    )
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE
    assert not StandingFlag.objects.exists()


def test_members_cannot_run_the_dry_run(client, manager):
    client.force_login(manager)

    assert client.post(reverse("alliance:standing_dry_run")).status_code == 403


def test_the_job_does_not_undo_a_suspension_made_while_it_ran(operator, admin_user):
    """The job read Orange as active; an admin suspends it before the job writes."""
    report = flag_inactive_members(dry_run=True)
    suspend(operator=operator, by=admin_user, reason="Review")
    job._apply(report, unresolved={}, now=timezone.now())

    operator.refresh_from_db()
    assert operator.status == Operator.Status.SUSPENDED


@pytest.mark.parametrize(
    ("action", "fields", "headline"),
    [
        ("extend_grace", {"days": 14}, "its grace period was extended"),
        ("suspend", {}, "it is suspended"),
        ("remove", {}, "it was removed from the alliance"),
    ],
)
def test_the_operators_managers_are_told_each_decision_and_its_reason(
    client,
    admin_user,
    flagged,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
    action,
    fields,
    headline,
):
    client.force_login(admin_user)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        act(client, [flagged], action, reason="Quiet for two quarters", **fields)

    (mail,) = mailoutbox
    assert mail.to == [manager.email]
    assert headline in mail.subject
    assert "Quiet for two quarters" in mail.body


def test_managers_are_told_when_their_operator_is_reinstated(
    client, admin_user, flagged, manager, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    act(client, [flagged], "suspend")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        act(client, [flagged], "reinstate", reason="Back on track")

    (mail,) = mailoutbox
    assert "it was reinstated" in mail.subject
