"""The rules of blocs (alliance.blocs.services): who may propose, invite, accept, decline, leave
and dissolve; the proposer's operator is the first member; every write is audited; invitations
are mailed to the invited operator's managers; a suspended operator writes nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from alliance.blocs import services
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.models import AuditLogEntry, Bloc, BlocMembership, Operator, active_bloc_ids
from tests.factories import ManagerMembershipFactory, OperatorFactory


def propose(manager, **extra) -> Bloc:
    return services.propose_bloc(
        by=manager,
        name=extra.pop("name", "M2M bloc"),
        purpose=extra.pop("purpose", "Connected cars across our footprints."),
        focus_categories=extra.pop("focus_categories", ["iot_m2m"]),
        **extra,
    )


def status_of(bloc: Bloc, operator: Operator) -> str:
    return BlocMembership.objects.get(bloc=bloc, operator=operator).status


def suspend(operator: Operator) -> None:
    Operator.objects.filter(pk=operator.pk).update(status=Operator.Status.SUSPENDED)


# --- Proposing ------------------------------------------------------------------------------------
def test_a_manager_proposes_a_bloc_and_its_operator_is_the_first_active_member(manager, operator):
    bloc = propose(manager)
    assert (bloc.slug, bloc.status, bloc.proposed_by_operator) == ("m2m-bloc", "active", operator)
    assert status_of(bloc, operator) == "active"
    entry = AuditLogEntry.objects.get(action="bloc.proposed")
    assert (entry.actor, entry.operator, entry.object_repr) == (manager, operator, "M2M bloc")


def test_a_member_who_is_not_a_manager_may_not_propose(member):
    with pytest.raises(NotAllowed, match="Only Orange’s managers may act for it in blocs"):
        propose(member)
    assert not Bloc.objects.exists()


def test_a_suspended_operators_manager_proposes_nothing(manager, operator):
    suspend(operator)
    manager.refresh_from_db()
    with pytest.raises(NotAllowed, match="Orange is suspended"):
        propose(manager)


def test_staff_propose_no_bloc(admin_user):
    with pytest.raises(NotAllowed, match="not on behalf of an operator"):
        propose(admin_user)


def test_a_bloc_name_is_taken_once_whatever_its_case(manager):
    propose(manager)
    with pytest.raises(Invalid, match="There is already a bloc named m2m BLOC") as refusal:
        propose(manager, name="m2m BLOC")
    assert refusal.value.field == "name"


@pytest.mark.parametrize(
    ("field", "extra", "message"),
    [
        ("name", {"name": " x "}, "at least 3 characters"),
        ("purpose", {"purpose": "   "}, "Say what the bloc is for."),
        ("focus_categories", {"focus_categories": ["gaming"]}, "gaming is not a category"),
    ],
)
def test_a_bloc_needs_a_name_a_purpose_and_known_categories(manager, field, extra, message):
    with pytest.raises(Invalid, match=message) as refusal:
        propose(manager, **extra)
    assert refusal.value.field == field


def test_proposing_with_invitations_invites_and_mails_each_operator(
    manager,
    other_operator,
    other_manager,
    bloc_operator,
    bloc_manager,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        bloc = propose(manager, invite=[other_operator, bloc_operator])
    assert status_of(bloc, other_operator) == status_of(bloc, bloc_operator) == "invited"
    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == sorted([(bloc_manager.email,), (other_manager.email,)])
    message = next(m for m in mail.outbox if m.to == [other_manager.email])
    assert "Orange invites Millicom into the bloc M2M bloc" in message.subject
    assert "/blocs/m2m-bloc/" in message.body and "Connected cars" in message.body


# --- Inviting -------------------------------------------------------------------------------------
def test_an_active_members_manager_invites_another_operator(
    bloc, bloc_manager, other_operator, other_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_operator(bloc=bloc, operator=other_operator, by=bloc_manager)
    assert status_of(bloc, other_operator) == "invited"
    assert AuditLogEntry.objects.get(action="bloc.invited").changes == {"operator": "Millicom"}
    assert [message.to for message in mail.outbox] == [[other_manager.email]]


def test_outsiders_and_plain_members_may_not_invite(bloc, other_manager, member, other_operator):
    with pytest.raises(NotAllowed, match="Only the managers of M2M bloc’s members may invite"):
        services.invite_operator(bloc=bloc, operator=other_operator, by=other_manager)
    with pytest.raises(NotAllowed, match="Only Orange’s managers"):
        services.invite_operator(bloc=bloc, operator=other_operator, by=member)
    assert not mail.outbox


def test_an_operator_already_in_or_invited_is_not_invited_again(
    bloc, manager, bloc_operator, other_operator
):
    with pytest.raises(Conflict, match="TeliaSonera is already a member of M2M bloc"):
        services.invite_operator(bloc=bloc, operator=bloc_operator, by=manager)
    services.invite_operator(bloc=bloc, operator=other_operator, by=manager)
    with pytest.raises(Conflict, match="Millicom is already invited to M2M bloc"):
        services.invite_operator(bloc=bloc, operator=other_operator, by=manager)


def test_a_suspended_operator_cannot_be_invited(bloc, manager, other_operator):
    suspend(other_operator)
    other_operator.refresh_from_db()
    with pytest.raises(Invalid, match="Millicom is suspended: only members that may contribute"):
        services.invite_operator(bloc=bloc, operator=other_operator, by=manager)


def test_an_operator_that_declined_may_be_invited_again_on_the_same_row(
    bloc, manager, other_operator, other_manager
):
    services.invite_operator(bloc=bloc, operator=other_operator, by=manager)
    services.decline_invitation(bloc=bloc, by=other_manager)
    services.invite_operator(bloc=bloc, operator=other_operator, by=manager)
    membership = BlocMembership.objects.get(bloc=bloc, operator=other_operator)
    assert (membership.status, membership.responded_at) == ("invited", None)


# --- Answering ------------------------------------------------------------------------------------
@pytest.fixture
def invited(bloc, manager, other_operator):
    return services.invite_operator(bloc=bloc, operator=other_operator, by=manager)


def test_the_invited_operators_manager_accepts_and_it_becomes_an_active_member(
    bloc, invited, other_manager, other_member, other_operator
):
    services.accept_invitation(bloc=bloc, by=other_manager)
    assert status_of(bloc, other_operator) == "active"
    assert list(active_bloc_ids(other_member)) == [bloc.pk]
    entry = AuditLogEntry.objects.get(action="bloc.joined")
    assert (entry.actor, entry.operator) == (other_manager, other_operator)


def test_the_invited_operators_manager_may_decline(bloc, invited, other_manager, other_operator):
    services.decline_invitation(bloc=bloc, by=other_manager)
    assert status_of(bloc, other_operator) == "declined"
    assert AuditLogEntry.objects.filter(action="bloc.declined").count() == 1


def test_only_the_invited_operators_managers_answer(
    bloc, invited, other_member, bloc_manager, other_manager
):
    with pytest.raises(NotAllowed, match="Only Millicom’s managers"):
        services.accept_invitation(bloc=bloc, by=other_member)
    with pytest.raises(Conflict, match="TeliaSonera has no open invitation to M2M bloc"):
        services.accept_invitation(bloc=bloc, by=bloc_manager)
    outsider = ManagerMembershipFactory(operator=OperatorFactory(name="BT", slug="bt")).user
    with pytest.raises(NotAllowed, match="BT was not invited to M2M bloc"):
        services.decline_invitation(bloc=bloc, by=outsider)
    services.accept_invitation(bloc=bloc, by=other_manager)
    with pytest.raises(Conflict, match="Millicom has no open invitation"):
        services.decline_invitation(bloc=bloc, by=other_manager)


def test_a_suspended_invited_operator_does_not_answer(bloc, invited, other_manager, other_operator):
    suspend(other_operator)
    other_manager.refresh_from_db()
    with pytest.raises(NotAllowed, match="Millicom is suspended"):
        services.accept_invitation(bloc=bloc, by=other_manager)


# --- Leaving and dissolving -----------------------------------------------------------------------
def test_a_members_manager_makes_it_leave(bloc, bloc_manager, bloc_member, bloc_operator):
    services.leave_bloc(bloc=bloc, by=bloc_manager)
    membership = BlocMembership.objects.get(bloc=bloc, operator=bloc_operator)
    assert membership.status == "left" and membership.left_at is not None
    assert list(active_bloc_ids(bloc_member)) == []
    assert AuditLogEntry.objects.filter(action="bloc.left", operator=bloc_operator).exists()


def test_only_members_leave(bloc, other_manager, bloc_member):
    with pytest.raises(Conflict, match="Millicom is not a member of M2M bloc"):
        services.leave_bloc(bloc=bloc, by=other_manager)
    with pytest.raises(NotAllowed, match="Only TeliaSonera’s managers"):
        services.leave_bloc(bloc=bloc, by=bloc_member)


def test_staff_dissolve_a_bloc_with_a_reason_and_it_takes_no_more_writes(
    bloc, admin_user, manager, other_operator, member
):
    services.dissolve_bloc(bloc=bloc, by=admin_user, reason="  The cooperation ended.  ")
    bloc.refresh_from_db()
    assert (bloc.status, bloc.dissolution_reason, bloc.dissolved_by) == (
        "dissolved",
        "The cooperation ended.",
        admin_user,
    )
    entry = AuditLogEntry.objects.get(action="bloc.dissolved")
    assert (entry.actor, entry.reason) == (admin_user, "The cooperation ended.")
    assert list(active_bloc_ids(member)) == []
    with pytest.raises(Conflict, match="M2M bloc was dissolved: it takes no more changes"):
        services.invite_operator(bloc=bloc, operator=other_operator, by=manager)
    with pytest.raises(Conflict, match="was dissolved"):
        services.dissolve_bloc(bloc=bloc, by=admin_user, reason="Again.")


def test_a_bloc_is_dissolved_only_by_staff_and_only_with_a_reason(bloc, manager, admin_user):
    with pytest.raises(NotAllowed, match="Only the alliance admins may dissolve a bloc"):
        services.dissolve_bloc(bloc=bloc, by=manager, reason="We are done.")
    with pytest.raises(Invalid, match="Say why the bloc is dissolved"):
        services.dissolve_bloc(bloc=bloc, by=admin_user, reason=" ")
    bloc.refresh_from_db()
    assert bloc.is_active


def test_an_invitation_to_a_bloc_dissolved_before_the_mail_left_is_not_mailed(
    bloc, manager, other_operator, admin_user
):
    from alliance.blocs.mail import send_bloc_invitation

    membership = services.invite_operator(bloc=bloc, operator=other_operator, by=manager)
    services.dissolve_bloc(bloc=bloc, by=admin_user, reason="Ended.")
    assert send_bloc_invitation(membership.pk) == 0


def test_a_removed_operator_is_in_no_bloc(bloc, bloc_operator, bloc_member, member):
    Operator.objects.filter(pk=bloc_operator.pk).update(status=Operator.Status.REMOVED)
    fellows = BlocMembership.objects.active().filter(bloc=bloc)
    assert [m.operator.slug for m in fellows] == ["orange"]


# --- What pages offer -----------------------------------------------------------------------------
def test_each_person_is_offered_exactly_the_actions_the_services_allow(
    bloc, manager, member, bloc_manager, other_manager, admin_user, other_operator
):
    services.invite_operator(bloc=bloc, operator=other_operator, by=manager)
    assert services.offered_actions(bloc, manager) == {"invite", "leave"}
    assert services.offered_actions(bloc, member) == set()
    assert services.offered_actions(bloc, bloc_manager) == {"invite", "leave"}
    assert services.offered_actions(bloc, other_manager) == {"accept", "decline"}
    assert services.offered_actions(bloc, admin_user) == {"dissolve"}
