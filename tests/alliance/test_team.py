"""The team page: who may use it, inviting, roles, deactivation, requests, invitations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alliance.models import AuditLogEntry, Invitation, Membership
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

TEAM_URL = "/members/orange/team/"


@pytest.fixture
def colleague(operator):
    return MembershipFactory(operator=operator, user__email="colleague@orange.example")


@pytest.fixture
def pending_request(operator):
    return MembershipFactory(
        operator=operator, user__email="newcomer@orange.example", status=Membership.Status.PENDING
    )


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


# --- Who may use the page -------------------------------------------------------------------------
PAGE_ACCESS = {
    "anonymous": 302,
    "member": 404,
    "manager": 200,
    "other_member": 404,
    "other_manager": 404,
    "admin_user": 200,
}


@pytest.mark.parametrize("persona", list(PAGE_ACCESS), indirect=True)
def test_team_page_is_for_the_operators_managers_and_staff(
    request, client_for, persona, operator, colleague
):
    response = client_for(persona).get(TEAM_URL)

    expected = PAGE_ACCESS[request.node.callspec.params["persona"]]
    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith("/accounts/login/")
    if expected == 200:
        assert colleague.user.email in response.content.decode()


def post_actions(colleague, pending, invitation, other_invitation) -> list[dict]:
    return [
        {"action": "invite", "email": "new@orange.example", "role": "member"},
        {"action": "change_role", "membership": colleague.pk, "role": "manager"},
        {"action": "deactivate", "membership": colleague.pk},
        {"action": "reactivate", "membership": colleague.pk},
        {"action": "deactivate", "membership": colleague.pk},
        {"action": "approve", "membership": pending.pk},
        {"action": "revoke", "invitation": invitation.pk},
        {"action": "resend", "invitation": other_invitation.pk},
    ]


@pytest.mark.parametrize(
    "persona", ["anonymous", "member", "other_member", "other_manager"], indirect=True
)
def test_people_outside_the_team_management_cannot_change_anything(
    client_for, persona, operator, colleague, pending_request
):
    invitation, other_invitation = InvitationFactory.create_batch(2, operator=operator)
    for data in post_actions(colleague, pending_request, invitation, other_invitation):
        response = client_for(persona).post(TEAM_URL, data)

        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert response.url.startswith("/accounts/login/")
    colleague.refresh_from_db()
    pending_request.refresh_from_db()
    invitation.refresh_from_db()
    assert (colleague.role, colleague.status) == ("member", "active")
    assert pending_request.status == "pending"
    assert invitation.state == "pending"
    assert not Invitation.objects.filter(email="new@orange.example").exists()
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["manager", "admin_user"], indirect=True)
def test_managers_and_staff_can_use_every_action(
    client_for, persona, operator, colleague, pending_request, django_capture_on_commit_callbacks
):
    invitation, other_invitation = InvitationFactory.create_batch(2, operator=operator)
    client = client_for(persona)
    with django_capture_on_commit_callbacks(execute=True):
        for data in post_actions(colleague, pending_request, invitation, other_invitation):
            response = client.post(TEAM_URL, data)
            assert response.status_code == 302, data
            assert response.url == TEAM_URL

    colleague.refresh_from_db()
    pending_request.refresh_from_db()
    assert (colleague.role, colleague.status) == ("manager", "inactive")
    assert pending_request.status == "active"
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [other_invitation.email, "new@orange.example", pending_request.user.email]
    )


def test_managers_page_of_another_operator_is_not_found(client, other_manager, other_operator):
    client.force_login(other_manager)

    assert client.get(TEAM_URL).status_code == 404
    assert client.get(f"/members/{other_operator.slug}/team/").status_code == 200


def test_a_deactivated_manager_loses_the_team_page(client, manager):
    Membership.objects.filter(user=manager).update(status=Membership.Status.INACTIVE)
    client.force_login(manager)

    assert client.get(TEAM_URL).status_code == 403


# --- Inviting -------------------------------------------------------------------------------------
def test_manager_invites_a_colleague_who_gets_an_email(
    manager_client, manager, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            TEAM_URL,
            {"action": "invite", "email": "  Pierre@Orange.example ", "role": "manager"},
            follow=True,
        )

    assert "Invitation sent to pierre@orange.example." in response.content.decode()
    invitation = Invitation.objects.get(email="pierre@orange.example")
    assert (invitation.operator, invitation.role, invitation.invited_by) == (
        operator,
        "manager",
        manager,
    )
    (message,) = mail.outbox
    assert message.to == ["pierre@orange.example"]
    assert invitation.get_absolute_url() in message.body
    assert "Pending" in response.content.decode()
    assert AuditLogEntry.objects.filter(action="invitation.sent").exists()


def test_inviting_someone_who_already_has_an_account_is_refused(manager_client, other_member):
    response = manager_client.post(
        TEAM_URL, {"action": "invite", "email": other_member.email, "role": "member"}
    )

    assert response.status_code == 400
    assert "already has an account in the portal" in response.content.decode()
    assert 'id="id_email_error"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_staff_without_a_membership_is_refused(manager_client):
    UserFactory(email="staffer@alliance.example", is_staff=True)

    response = manager_client.post(
        TEAM_URL, {"action": "invite", "email": "Staffer@alliance.example", "role": "member"}
    )

    assert response.status_code == 400
    assert "already has an account" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "", "role": "member"}, "email"),
        ({"email": "not-an-email", "role": "member"}, "email"),
        ({"email": "a@b", "role": "member"}, "email"),
        ({"email": "x" * 10_000 + "@orange.example", "role": "member"}, "email"),
        ({"email": "ok@orange.example", "role": ""}, "role"),
        ({"email": "ok@orange.example", "role": "owner"}, "role"),
        ({"email": "ok@orange.example", "role": "m" * 10_000}, "role"),
        ({"email": "nul\x00@orange.example", "role": "member"}, "email"),
    ],
)
def test_bad_invitation_input_shows_the_error_beside_the_field(manager_client, data, field):
    response = manager_client.post(TEAM_URL, {"action": "invite", **data})

    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_re_inviting_the_same_address_replaces_the_old_link(manager_client, operator):
    old = InvitationFactory(operator=operator, email="pierre@orange.example")

    manager_client.post(TEAM_URL, {"action": "invite", "email": old.email, "role": "member"})

    old.refresh_from_db()
    assert old.state == "revoked"
    assert Invitation.objects.pending().filter(email=old.email).count() == 1


# --- People ---------------------------------------------------------------------------------------
def test_manager_promotes_a_member(manager_client, colleague):
    response = manager_client.post(
        TEAM_URL,
        {"action": "change_role", "membership": colleague.pk, "role": "manager"},
        follow=True,
    )

    colleague.refresh_from_db()
    assert colleague.is_manager
    assert "is now a manager" in response.content.decode()


def test_manager_cannot_step_down_or_deactivate_themselves(manager_client, manager):
    own = manager.membership

    demoted = manager_client.post(
        TEAM_URL, {"action": "change_role", "membership": own.pk, "role": "member"}
    )
    removed = manager_client.post(TEAM_URL, {"action": "deactivate", "membership": own.pk})

    assert demoted.status_code == removed.status_code == 403
    assert "ask another manager" in demoted.content.decode()
    assert "ask another manager" in removed.content.decode()
    own.refresh_from_db()
    assert (own.role, own.status) == ("manager", "active")


def test_deactivated_colleague_can_no_longer_use_the_portal(client, manager_client, colleague):
    manager_client.post(TEAM_URL, {"action": "deactivate", "membership": colleague.pk})
    client.logout()
    client.force_login(colleague.user)

    response = client.get("/dashboard/")

    assert response.status_code == 403
    assert "deactivated your account" in response.content.decode()


def test_manager_gives_a_deactivated_colleague_their_access_back(client, manager_client, colleague):
    manager_client.post(TEAM_URL, {"action": "deactivate", "membership": colleague.pk})
    page = manager_client.get(TEAM_URL).content.decode()
    assert "Deactivated" in page
    assert "Reactivate" in page

    response = manager_client.post(
        TEAM_URL, {"action": "reactivate", "membership": colleague.pk}, follow=True
    )

    assert "can use the portal again" in response.content.decode()
    client.logout()
    client.force_login(colleague.user)
    assert client.get("/dashboard/").status_code == 200


def test_reactivating_someone_active_is_refused(manager_client, colleague):
    response = manager_client.post(TEAM_URL, {"action": "reactivate", "membership": colleague.pk})

    assert response.status_code == 409
    assert "not turned off" in response.content.decode()


def test_deactivating_someone_already_deactivated_is_refused(manager_client, colleague):
    manager_client.post(TEAM_URL, {"action": "deactivate", "membership": colleague.pk})

    response = manager_client.post(TEAM_URL, {"action": "deactivate", "membership": colleague.pk})

    assert response.status_code == 409
    assert "already turned off" in response.content.decode()
    assert AuditLogEntry.objects.filter(action="membership.deactivated").count() == 1


def test_manager_approves_a_request_to_join(manager_client, pending_request):
    page = manager_client.get(TEAM_URL).content.decode()
    assert "Asking to join" in page
    assert pending_request.user.email in page

    manager_client.post(TEAM_URL, {"action": "approve", "membership": pending_request.pk})

    pending_request.refresh_from_db()
    assert pending_request.status == Membership.Status.ACTIVE


def test_the_approved_person_is_emailed_that_they_can_sign_in(
    manager_client, pending_request, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(TEAM_URL, {"action": "approve", "membership": pending_request.pk})

    (mail,) = [m for m in mailoutbox if pending_request.user.email in m.to]
    assert "You can now use the Alliance portal" in mail.subject
    assert "/accounts/login/" in mail.body


def test_manager_declines_a_request_to_join(manager_client, pending_request):
    response = manager_client.post(
        TEAM_URL, {"action": "deactivate", "membership": pending_request.pk}, follow=True
    )

    pending_request.refresh_from_db()
    assert pending_request.status == Membership.Status.INACTIVE
    assert "was declined" in response.content.decode()


def test_approving_twice_says_it_was_already_handled(manager_client, colleague):
    response = manager_client.post(TEAM_URL, {"action": "approve", "membership": colleague.pk})

    assert response.status_code == 409
    assert "already been handled" in response.content.decode()


def test_another_operators_people_and_invitations_cannot_be_touched(
    manager_client, other_member, other_operator
):
    foreign_invitation = InvitationFactory(operator=other_operator)
    foreign = other_member.membership
    attempts = [
        {"action": "change_role", "membership": foreign.pk, "role": "manager"},
        {"action": "deactivate", "membership": foreign.pk},
        {"action": "revoke", "invitation": foreign_invitation.pk},
        {"action": "resend", "invitation": foreign_invitation.pk},
    ]

    for data in attempts:
        response = manager_client.post(TEAM_URL, data)
        assert response.status_code == 400
        assert "not in this team" in response.content.decode() or (
            "not open for this team" in response.content.decode()
        )

    foreign.refresh_from_db()
    foreign_invitation.refresh_from_db()
    assert (foreign.role, foreign.status) == ("member", "active")
    assert foreign_invitation.state == "pending"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": ""},
        {"action": "x" * 10_000},
        {"action": "change_role"},
        {"action": "change_role", "membership": "abc", "role": "manager"},
        {"action": "change_role", "membership": "1" * 10_000, "role": "manager"},
        {"action": "change_role", "membership": "", "role": "boss"},
        {"action": "deactivate", "membership": "-1"},
        {"action": "approve", "membership": "9" * 30},
        {"action": "revoke", "invitation": ""},
        {"action": "resend", "invitation": "x" * 10_000},
        {"action": "approve", "membership": "\x00"},
        {"action": "\x00"},
    ],
)
def test_bad_action_input_is_refused_with_a_message(manager_client, data):
    response = manager_client.post(TEAM_URL, data)

    assert response.status_code == 400
    assert 'class="message message--error"' in response.content.decode()


def test_role_change_to_an_unknown_role_is_refused(manager_client, colleague):
    response = manager_client.post(
        TEAM_URL, {"action": "change_role", "membership": colleague.pk, "role": "owner"}
    )

    assert response.status_code == 400
    colleague.refresh_from_db()
    assert colleague.role == "member"


# --- Invitations ----------------------------------------------------------------------------------
def test_open_invitations_are_listed_with_their_state(manager_client, operator):
    InvitationFactory(operator=operator, email="fresh@orange.example")
    InvitationFactory(
        operator=operator,
        email="late@orange.example",
        expires_at=timezone.now() - timedelta(days=1),
    )
    InvitationFactory(operator=operator, email="joined@orange.example", accepted_at=timezone.now())

    page = manager_client.get(TEAM_URL).content.decode()

    assert "fresh@orange.example" in page
    assert "late@orange.example" in page
    assert "badge--expired" in page
    assert "joined@orange.example" not in page


def test_manager_revokes_an_invitation_whose_link_then_stops_working(
    client, manager_client, operator
):
    invitation = InvitationFactory(operator=operator)

    manager_client.post(TEAM_URL, {"action": "revoke", "invitation": invitation.pk})

    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    client.logout()
    assert client.get(invitation.get_absolute_url()).status_code == 410


def test_resending_an_expired_invitation_sends_a_fresh_link(
    manager_client, operator, django_capture_on_commit_callbacks
):
    expired = InvitationFactory(operator=operator, expires_at=timezone.now() - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            TEAM_URL, {"action": "resend", "invitation": expired.pk}, follow=True
        )

    assert "A new invitation was sent" in response.content.decode()
    fresh = Invitation.objects.pending().get(email=expired.email)
    (message,) = mail.outbox
    assert fresh.get_absolute_url() in message.body
    expired.refresh_from_db()
    assert expired.state == "revoked"


def test_team_page_queries_do_not_grow_with_the_team(
    manager_client, operator, django_assert_max_num_queries
):
    def load() -> None:
        response = manager_client.get(TEAM_URL)
        assert response.status_code == 200

    MembershipFactory(operator=operator)
    InvitationFactory(operator=operator)
    with django_assert_max_num_queries(12) as small:
        load()
    MembershipFactory.create_batch(15, operator=operator)
    MembershipFactory.create_batch(5, operator=operator, status=Membership.Status.PENDING)
    InvitationFactory.create_batch(15, operator=operator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        load()
