"""The API token page: a member creates, regenerates and revokes their own token."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

TOKEN_URL = "/account/api-token/"

PAGE_ACCESS = {
    "anonymous": 302,
    "member": 200,
    "manager": 200,
    "other_manager": 200,
    "admin_user": 200,
}


@pytest.mark.parametrize("persona", list(PAGE_ACCESS), indirect=True)
def test_token_page_is_for_signed_in_members(request, client_for, persona):
    response = client_for(persona).get(TOKEN_URL)

    assert response.status_code == PAGE_ACCESS[request.node.callspec.params["persona"]]
    if response.status_code == 302:
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("persona", list(PAGE_ACCESS), indirect=True)
def test_each_person_only_ever_changes_their_own_token(client_for, persona, other_member):
    others_token = Token.objects.create(user=other_member)

    response = client_for(persona).post(TOKEN_URL, {"action": "regenerate"})

    assert Token.objects.get(user=other_member).key == others_token.key
    if persona is None:
        assert response.url.startswith("/accounts/login/")
        assert Token.objects.count() == 1
    else:
        assert response.status_code == 302
        assert Token.objects.filter(user=persona).count() == 1


def test_people_without_a_membership_cannot_get_a_token(client, db):
    client.force_login(UserFactory(email="nobody@gmail.com"))

    assert client.get(TOKEN_URL).status_code == 403
    assert client.post(TOKEN_URL, {"action": "create"}).status_code == 403
    assert not Token.objects.exists()


def test_member_creates_a_token_and_sees_how_to_use_it(client, member):
    client.force_login(member)
    assert "You have no API token" in client.get(TOKEN_URL).content.decode()

    response = client.post(TOKEN_URL, {"action": "create"}, follow=True)

    token = Token.objects.get(user=member)
    page = response.content.decode()
    assert "Your new API token is ready." in page
    assert f'value="{token.key}"' in page
    assert f"Authorization: Token {token.key}" in page
    assert "readonly" in page


def test_the_token_authenticates_api_requests(client, member):
    client.force_login(member)
    client.post(TOKEN_URL, {"action": "create"})
    key = Token.objects.get(user=member).key
    api = client.__class__()

    assert api.get("/api/v1/operators/").status_code in (401, 403)
    response = api.get("/api/v1/operators/", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200


def test_regenerating_replaces_the_old_token(client, member):
    client.force_login(member)
    old = Token.objects.create(user=member)

    response = client.post(TOKEN_URL, {"action": "regenerate"}, follow=True)

    new = Token.objects.get(user=member)
    assert new.key != old.key
    assert "the old one no longer works" in response.content.decode()
    api = client.__class__()
    assert (
        api.get("/api/v1/operators/", headers={"Authorization": f"Token {old.key}"}).status_code
        == 401
    )


def test_revoking_removes_the_token(client, member):
    client.force_login(member)
    Token.objects.create(user=member)

    response = client.post(TOKEN_URL, {"action": "revoke"}, follow=True)

    assert not Token.objects.filter(user=member).exists()
    assert "revoked" in response.content.decode()
    assert "You have no API token" in response.content.decode()


@pytest.mark.parametrize(
    "data", [{}, {"action": ""}, {"action": "steal"}, {"action": "x" * 10_000}, {"action": "\x00"}]
)
def test_unknown_token_actions_are_refused(client, member, data):
    client.force_login(member)

    response = client.post(TOKEN_URL, data)

    assert response.status_code == 400
    assert "Unknown action" in response.content.decode()
    assert not Token.objects.exists()


def test_token_page_refuses_other_methods(client, member):
    client.force_login(member)

    assert client.put(TOKEN_URL).status_code == 405
