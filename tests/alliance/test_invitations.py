"""Invitations: the mail, the link, sign-up with the invited address, expiry, reuse, revocation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alliance import services
from alliance.models import Invitation, Membership, User
from tests.factories import InvitationFactory

NEW_PASSWORD = "Sunny-orchard-7391"


def signup(client, email: str):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "first_name": "Chloé",
            "last_name": "Martin",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


@pytest.fixture
def invitation(operator, manager):
    return InvitationFactory(operator=operator, email="chloe@orange-fr.example", invited_by=manager)


def test_invited_colleague_signs_up_verifies_and_lands_on_the_dashboard(
    client, operator, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(
            operator=operator, email="Chloe@Orange-FR.example", role="member", invited_by=manager
        )
    (invitation_mail,) = mail.outbox
    assert invitation_mail.to == ["chloe@orange-fr.example"]
    assert "invited you to the Alliance portal" in invitation_mail.subject
    accept_path = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", invitation_mail.body).group(
        1
    )
    assert accept_path in invitation_mail.alternatives[0][0]  # the HTML part has the link too

    landing = client.get(accept_path, follow=True)
    assert landing.redirect_chain == [("/accounts/signup/", 302)]
    page = landing.content.decode()
    assert "Join Orange" in page
    assert 'value="chloe@orange-fr.example"' in page

    mail.outbox.clear()
    assert signup(client, "chloe@orange-fr.example").status_code == 302
    (confirmation,) = mail.outbox
    assert confirmation.to == ["chloe@orange-fr.example"]
    assert client.get("/dashboard/").status_code == 302  # not signed in before verifying

    confirm_path = re.search(r"(/accounts/confirm-email/[^\s]+/)", confirmation.body).group(1)
    assert client.get(confirm_path).status_code == 200
    confirmed = client.post(confirm_path, follow=True)

    assert confirmed.redirect_chain[-1][0] == "/dashboard/"
    assert "Welcome back, Chloé" in confirmed.content.decode()
    membership = Membership.objects.get(user__email="chloe@orange-fr.example")
    assert (membership.operator, membership.status) == (operator, Membership.Status.ACTIVE)
    assert Invitation.objects.get(email="chloe@orange-fr.example").state == "accepted"


def test_invitation_grants_the_role_it_was_sent_with(client, operator):
    invitation = InvitationFactory(operator=operator, role=Membership.Role.MANAGER)
    client.get(invitation.get_absolute_url())

    signup(client, invitation.email)

    assert Membership.objects.get(user__email=invitation.email).is_manager


def test_invitation_signup_refuses_another_address(client, invitation):
    client.get(invitation.get_absolute_url())

    response = signup(client, "someone-else@gmail.com")

    assert response.status_code == 200
    assert "Use the address your invitation was sent to" in response.content.decode()
    assert not User.objects.filter(email="someone-else@gmail.com").exists()


def test_used_invitation_link_says_so_and_points_to_sign_in(client, invitation):
    client.get(invitation.get_absolute_url())
    signup(client, invitation.email)
    other_browser = client.__class__()

    response = other_browser.get(invitation.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert "already been used" in page
    assert "/accounts/login/" in page


def test_invitation_cannot_be_used_twice_even_from_the_same_session(client, invitation):
    first = client.__class__()
    first.get(invitation.get_absolute_url())
    second = client.__class__()
    second.get(invitation.get_absolute_url())  # both opened the link while it was usable
    signup(first, invitation.email)

    response = signup(second, invitation.email)

    assert response.status_code == 200
    assert User.objects.filter(email=invitation.email).count() == 1


def test_expired_invitation_explains_whom_to_ask(client, operator, manager):
    invitation = InvitationFactory(
        operator=operator, invited_by=manager, expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.get(invitation.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert "This invitation has expired" in page
    assert manager.email in page


def test_invitation_that_expires_after_the_link_was_opened_is_refused_at_signup(client, invitation):
    client.get(invitation.get_absolute_url())
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    response = signup(client, invitation.email)

    assert response.status_code == 200
    assert "Sign-up is by invitation only" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_revoked_invitation_says_it_was_withdrawn(client, invitation, manager):
    services.revoke_invitation(invitation=invitation, by=manager)

    response = client.get(invitation.get_absolute_url())

    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["no-such-token", "x" * 10_000, "%00%27%22"])
def test_unknown_invitation_link_answers_404_with_advice(client, token):
    response = client.get(f"/invitations/{token}/")

    assert response.status_code == 404
    assert "could not find this invitation" in response.content.decode()


def test_signed_in_person_following_someone_elses_invitation_is_told_to_sign_out(
    client, member, invitation
):
    client.force_login(member)

    response = client.get(invitation.get_absolute_url())

    assert response.status_code == 409
    page = response.content.decode()
    assert "for someone else" in page
    assert invitation.email in page
    assert "alliance_invitation_token" not in client.session


def test_signed_in_invitee_is_told_they_already_have_an_account(client, member, operator):
    invitation = InvitationFactory(operator=operator, email=member.email)
    client.force_login(member)

    response = client.get(invitation.get_absolute_url())

    assert response.status_code == 409
    assert "You already have an account" in response.content.decode()


def test_invitation_mail_is_not_sent_for_an_invitation_revoked_before_the_worker_ran(
    invitation, manager
):
    from alliance.tasks import send_invitation_email

    services.revoke_invitation(invitation=invitation, by=manager)

    assert send_invitation_email(invitation.pk) == 0
    assert mail.outbox == []
