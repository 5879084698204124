"""A suspended operator is read-only: its managers keep reading but can no longer change it."""

import pytest

from alliance.models import Operator


@pytest.fixture
def suspended(operator):
    operator.status = Operator.Status.SUSPENDED
    operator.save(update_fields=["status"])
    return operator


@pytest.mark.parametrize("page", ["edit", "opcos"])
def test_a_suspended_operators_manager_is_told_its_pages_are_read_only(
    client, manager, suspended, page
):
    client.force_login(manager)
    response = client.get(f"/members/{suspended.slug}/{page}/")
    assert response.status_code == 403
    assert b"is suspended" in response.content


def test_a_suspended_operators_manager_still_reads_its_profile(client, manager, suspended):
    client.force_login(manager)
    assert client.get(f"/members/{suspended.slug}/").status_code == 200


def test_a_suspended_operators_manager_cannot_change_objectives_through_the_api(
    client, manager, suspended
):
    client.force_login(manager)
    response = client.patch(
        f"/api/v1/operators/{suspended.slug}/",
        {"objectives": "Changed while suspended"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN="ignored-by-force-login-client",
    )
    assert response.status_code == 403
    suspended.refresh_from_db()
    assert suspended.objectives != "Changed while suspended"


def test_a_suspended_operators_manager_cannot_invite(client, manager, suspended):
    client.force_login(manager)
    response = client.post(
        f"/members/{suspended.slug}/team/", {"action": "invite", "email": "x@orange.example"}
    )
    assert response.status_code == 404  # the team page exists only for those who may edit it
    assert not suspended.invitations.exists()
