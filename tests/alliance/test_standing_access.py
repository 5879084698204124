"""Removal locks an operator's people out of the portal; reinstatement lets them back in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.standing.actions import reinstate, remove
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def sign_in(client, user):
    return client.post(LOGIN, {"login": user.email, "password": DEFAULT_PASSWORD})


def test_people_of_a_removed_operator_can_no_longer_sign_in(client, member, operator, admin_user):
    remove(operator=operator, by=admin_user, reason="Inactive for a year")

    response = sign_in(client, member)

    assert response.status_code == 302
    assert response.url == reverse("account_inactive")
    assert "_auth_user_id" not in client.session


def test_a_signed_in_member_of_a_removed_operator_loses_access(
    client, member, operator, admin_user
):
    client.force_login(member)
    remove(operator=operator, by=admin_user, reason="Inactive for a year")

    assert client.get(reverse("alliance:dashboard")).status_code == 403
    assert client.get("/api/v1/standing/", HTTP_AUTHORIZATION="").status_code == 403


def test_reinstatement_restores_sign_in(client, member, operator, admin_user):
    remove(operator=operator, by=admin_user, reason="Inactive for a year")
    reinstate(operator=operator, by=admin_user, reason="Back with a new team")

    response = sign_in(client, member)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    assert client.get(reverse("alliance:dashboard")).status_code == 200


def test_a_removed_operator_is_shown_as_a_former_member(operator, admin_user):
    remove(operator=operator, by=admin_user, reason="Inactive")

    operator.refresh_from_db()
    assert operator.display_name == "Orange (former member)"
