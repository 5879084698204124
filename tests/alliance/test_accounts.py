"""Accounts: closed sign-up, domain sign-up with a manager's approval, email verification,
rate-limited login, and allauth's pages in the portal's layout."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alliance.models import Membership, OperatorEmailDomain, User
from tests.factories import DEFAULT_PASSWORD

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
NEW_PASSWORD = "Sunny-orchard-7391"


def signup_data(address: str, **overrides) -> dict:
    return {
        "email": address,
        "first_name": "Jane",
        "last_name": "Doe",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


@pytest.mark.django_db
def test_uninvited_email_is_refused_with_a_clear_message(client):
    response = client.post(SIGNUP_URL, signup_data("someone@gmail.com"))

    assert response.status_code == 200
    assert "Sign-up is by invitation only" in response.content.decode()
    assert "gmail.com" in response.content.decode()
    assert not User.objects.filter(email="someone@gmail.com").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_visitor_without_invitation_sees_the_signup_form_explaining_invitations(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sign-up is by invitation only" in page
    assert 'name="email"' in page


@pytest.mark.django_db
def test_login_page_explains_that_sign_up_is_by_invitation(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "invitation" in page
    assert 'class="page page--auth"' in page  # the portal's layout, not allauth's bare one
    assert 'href="/static/css/portal.css"' in page


def test_domain_signup_asks_the_managers_and_lets_the_person_in_once_approved(
    client, manager, operator, django_capture_on_commit_callbacks
):
    OperatorEmailDomain.objects.create(operator=operator, domain="Orange.Example")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data("jane@orange.example"))

    assert response.status_code == 302
    membership = Membership.objects.get(user__email="jane@orange.example")
    assert membership.operator == operator
    assert membership.status == Membership.Status.PENDING
    to_managers = [m for m in mail.outbox if manager.email in m.to]
    assert len(to_managers) == 1
    assert "jane@orange.example asks to join Orange" in to_managers[0].subject
    assert "/members/orange/team/" in to_managers[0].body
    confirmation = next(m for m in mail.outbox if "jane@orange.example" in m.to)

    client.post(confirmation_link(confirmation))
    waiting = client.get("/dashboard/")
    assert waiting.status_code == 403
    assert "Waiting for approval" in waiting.content.decode()

    manager_client = client.__class__()
    manager_client.force_login(manager)
    approved = manager_client.post(
        "/members/orange/team/", {"action": "approve", "membership": membership.pk}
    )
    assert approved.status_code == 302

    dashboard = client.get("/dashboard/")
    assert dashboard.status_code == 200
    assert "Orange" in dashboard.content.decode()


@pytest.mark.django_db
def test_domain_of_a_removed_operator_no_longer_opens_sign_up(client, operator):
    OperatorEmailDomain.objects.create(operator=operator, domain="orange.example")
    operator.status = operator.Status.REMOVED
    operator.save()

    response = client.post(SIGNUP_URL, signup_data("jane@orange.example"))

    assert "Sign-up is by invitation only" in response.content.decode()
    assert not User.objects.filter(email="jane@orange.example").exists()


def test_an_unverified_email_cannot_sign_in_until_confirmed(client, operator):
    OperatorEmailDomain.objects.create(operator=operator, domain="orange.example")
    client.post(SIGNUP_URL, signup_data("jane@orange.example"))
    fresh = client.__class__()

    response = fresh.post(
        LOGIN_URL, {"login": "jane@orange.example", "password": NEW_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert "Verify Your Email Address" in response.content.decode()
    assert fresh.get("/dashboard/").status_code == 302  # still not signed in


@pytest.mark.django_db
def test_verification_mail_speaks_of_the_alliance_portal(client, operator):
    OperatorEmailDomain.objects.create(operator=operator, domain="orange.example")

    client.post(SIGNUP_URL, signup_data("jane@orange.example"))

    (message,) = mail.outbox
    assert message.subject.startswith("[Alliance] ")
    assert "Alliance portal" in message.body
    assert "/accounts/confirm-email/" in message.body


def test_member_signs_in_with_email_and_password_and_lands_on_the_dashboard(client, member):
    response = client.post(
        LOGIN_URL, {"login": member.email, "password": DEFAULT_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert response.status_code == 200


def test_wrong_password_shows_an_error_on_the_form(client, member):
    response = client.post(LOGIN_URL, {"login": member.email, "password": "not-it"})

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert 'class="form-errors"' in response.content.decode()


def test_repeated_failed_logins_are_limited_even_with_the_right_password(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,3/300s/key", "login": "100/m/ip"}
    for _ in range(3):
        client.post(LOGIN_URL, {"login": member.email, "password": "not-it"})

    response = client.post(LOGIN_URL, {"login": member.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_default_limits_lock_an_account_after_five_failed_attempts(client, member):
    """The limits in settings, as shipped (allauth's defaults, written out)."""
    for _ in range(5):
        client.post(LOGIN_URL, {"login": member.email, "password": "not-it"})

    response = client.post(LOGIN_URL, {"login": member.email, "password": DEFAULT_PASSWORD})

    assert "Too many failed login attempts" in response.content.decode()


def test_too_many_login_requests_answer_429_with_the_portal_page(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip", "login": "2/m/ip"}
    for _ in range(2):
        client.post(LOGIN_URL, {"login": member.email, "password": "not-it"})

    response = client.post(LOGIN_URL, {"login": member.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a" * 10_000 + "@orange.example"}, "email"),
        ({"email": "jane\x00@orange.example"}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"first_name": "J" * 10_000}, "first_name"),
        ({"last_name": "D" * 10_000}, "last_name"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "12345678", "password2": "12345678"}, "password1"),
    ],
)
def test_bad_signup_input_gives_a_form_error_beside_the_field(client, operator, data, field):
    OperatorEmailDomain.objects.create(operator=operator, domain="orange.example")

    response = client.post(SIGNUP_URL, signup_data("jane@orange.example", **data))

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not User.objects.filter(email__endswith="orange.example").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"login": "", "password": ""},
        {"login": "not-an-email", "password": "x"},
        {"login": "a" * 10_000 + "@example.com", "password": "x"},
        {"login": "member@orange.example", "password": "p" * 10_000},
        {"login": "member\x00@orange.example", "password": "\x00"},
    ],
)
def test_bad_login_input_gives_a_form_error(client, member, data):
    response = client.post(LOGIN_URL, data)

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode() or "form-errors" in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["", "not-an-email", "a" * 10_000 + "@example.com", "nul\x00@example.com"]
)
def test_bad_password_reset_input_gives_a_form_error(client, email):
    response = client.post("/accounts/password/reset/", {"email": email})

    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()


def test_password_reset_mail_leads_to_a_new_password(client, member):
    client.post("/accounts/password/reset/", {"email": member.email})
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", message.body)

    form_page = client.get(link.group(1), follow=True)
    set_password = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert set_password.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "url",
    [
        LOGIN_URL,
        SIGNUP_URL,
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/accounts/inactive/",
    ],
)
def test_every_entrance_page_uses_the_portal_layout(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert 'class="page page--auth"' in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]
)
def test_every_account_page_uses_the_portal_layout(client, member, url):
    client.force_login(member)

    response = client.get(url)

    assert response.status_code == 200
    assert 'class="page page--account"' in response.content.decode()
    assert "Sign out" in response.content.decode()  # the portal's navigation is there
