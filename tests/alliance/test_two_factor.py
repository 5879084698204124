"""Two-factor authentication: required of staff before they use the portal, open to everyone."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

ADMIN_SECRET = "JBSWY3DPEHPK3PXP"  # the admin_user fixture's TOTP secret


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture(autouse=True)
def _tolerate_a_window_change(settings):
    """A code computed just before a 30-second window ends is still accepted just after it."""
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def staff_without_2fa(db):
    return UserFactory(email="staff@alliance.example", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("url", ["/admin/", "/admin/alliance/operator/", "/staff/applications/"])
def test_staff_without_2fa_are_sent_to_set_it_up(client, staff_without_2fa, url):
    client.force_login(staff_without_2fa)

    response = client.get(url, follow=True)

    assert response.redirect_chain[0] == ("/accounts/2fa/totp/activate/", 302)
    assert "Staff must turn on two-factor authentication" in response.content.decode()


def test_staff_with_two_factor_use_the_admin(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Site administration" in response.content.decode()


def test_demo_setting_lets_staff_without_2fa_into_the_admin(client, staff_without_2fa, settings):
    settings.STAFF_REQUIRE_TWO_FACTOR = False
    client.force_login(staff_without_2fa)

    assert client.get("/admin/").status_code == 200


def test_staff_with_two_factor_are_asked_for_a_code_when_signing_in(client, admin_user):
    response = client.post(
        "/accounts/login/", {"login": admin_user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'class="page page--auth"' in page.content.decode()
    assert client.get("/admin/").status_code == 302  # not signed in yet

    signed_in = client.post("/accounts/2fa/authenticate/", {"code": current_code(ADMIN_SECRET)})

    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("code", ["", "000000", "x" * 10_000, "12345"])
def test_a_wrong_two_factor_code_is_refused_with_a_form_error(client, admin_user, code):
    client.post("/accounts/login/", {"login": admin_user.email, "password": DEFAULT_PASSWORD})

    response = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 200
    assert 'id="id_code_error"' in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_member_turns_on_two_factor_and_gets_recovery_codes(client, member):
    client.post("/accounts/login/", {"login": member.email, "password": DEFAULT_PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 200
    page = setup.content.decode()
    assert 'class="qr-code"' in page
    secret = setup.context["form"].secret

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert 'id="id_code_error"' in wrong.content.decode()
    activated = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    codes = client.get("/accounts/2fa/recovery-codes/")
    assert codes.status_code == 200
    assert 'class="codes"' in codes.content.decode()
    index = client.get("/accounts/2fa/").content.decode()
    assert "Authentication using an authenticator app is active." in index


def test_two_factor_pages_need_a_recent_password(client, member):
    client.force_login(member)

    response = client.get("/accounts/2fa/totp/activate/", follow=True)

    assert response.redirect_chain[0][0].startswith("/accounts/reauthenticate/")
    assert 'class="page page--auth"' in response.content.decode()
    assert "Confirm Access" in response.content.decode()
    confirmed = client.post(
        response.redirect_chain[0][0], {"password": DEFAULT_PASSWORD}, follow=True
    )
    assert confirmed.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize(
    "path",
    ["/dashboard/", "/members/orange/team/", "/members/orange/edit/", "/partners/review/"],
)
def test_staff_without_2fa_cannot_use_staff_powers_outside_the_admin_either(
    client, staff_without_2fa, operator, path
):
    client.force_login(staff_without_2fa)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_without_2fa_are_refused_by_the_api_with_the_reason(client, staff_without_2fa):
    client.force_login(staff_without_2fa)
    response = client.get("/api/v1/operators/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_staff_without_2fa_can_still_reach_the_page_that_sets_it_up(client, staff_without_2fa):
    client.force_login(staff_without_2fa)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"].startswith("/accounts/")  # no redirect loop
