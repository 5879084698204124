"""The standing API: members read their own standing; staff with two-factor act on anyone's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from alliance.models import AuditLogEntry, Operator
from alliance.standing.job import flag_inactive_members
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = "/api/v1/standing/actions/"


@pytest.fixture
def api():
    return APIClient()


def test_a_member_reads_their_own_operators_standing_and_what_to_do(api, member, operator):
    flag_inactive_members()
    api.force_authenticate(member)

    body = api.get(f"/api/v1/standing/{operator.slug}/").json()

    grace = timezone.localdate() + timedelta(days=30)
    assert body["status"] == "flagged"
    assert body["label"] == "At risk"
    assert body["grace_until"] == grace.isoformat()
    assert body["advice"] == f"1 contribution before {grace:%-d %B}"


def test_a_member_cannot_see_another_operators_standing_detail(api, member, other_operator):
    api.force_authenticate(member)

    assert api.get(f"/api/v1/standing/{other_operator.slug}/").status_code == 404
    assert [row["operator"] for row in api.get("/api/v1/standing/").json()["results"]] == ["orange"]


def test_staff_list_every_operators_standing(api, admin_user, operator, other_operator):
    api.force_authenticate(admin_user)

    rows = api.get("/api/v1/standing/").json()["results"]

    assert {row["operator"] for row in rows} == {"orange", "millicom"}


def test_staff_act_through_the_api_with_the_same_service(api, admin_user, operator):
    api.force_authenticate(admin_user)

    response = api.post(
        ACTIONS,
        {"action": "suspend", "operators": ["orange"], "reason": "Asked to pause"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()[0]["status"] == "suspended"
    assert AuditLogEntry.objects.get(action="standing.suspended").reason == "Asked to pause"


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"action": "remove", "operators": ["orange"]}, "reason", "This field is required."),
        ({"action": "nuke", "operators": ["orange"], "reason": "x"}, "action", "not a valid"),
        ({"action": "remove", "operators": ["nobody"], "reason": "x"}, "operators", "does not"),
        ({"action": "extend_grace", "operators": ["orange"], "reason": "x"}, "days", "how many"),
        (
            {"action": "extend_grace", "operators": ["orange"], "reason": "x", "days": 0},
            "days",
            "by 1 to 365 days",
        ),
        (
            {"action": "exempt", "operators": ["orange"], "reason": "x", "until": "2000-01-01"},
            "until",
            "end today or later",
        ),
        ({"action": "remove", "operators": ["orange"], "reason": "  "}, "reason", "not be blank"),
    ],
)
def test_bad_actions_are_refused_with_a_clear_message(
    api, admin_user, operator, payload, field, message
):
    api.force_authenticate(admin_user)

    response = api.post(ACTIONS, payload, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field])
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE


def test_an_action_the_operators_standing_does_not_allow_is_a_conflict(api, admin_user, operator):
    api.force_authenticate(admin_user)

    response = api.post(
        ACTIONS, {"action": "reinstate", "operators": ["orange"], "reason": "x"}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Orange is active: nothing to reinstate.",
        "code": "conflict",
    }
    assert not AuditLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["manager", "staff_without_two_factor"])
def test_only_staff_with_two_factor_act_through_the_api(api, who, request, operator):
    user = request.getfixturevalue("manager") if who == "manager" else UserFactory(is_staff=True)
    api.force_authenticate(user)

    response = api.post(
        ACTIONS, {"action": "remove", "operators": ["orange"], "reason": "x"}, format="json"
    )

    assert response.status_code == 403
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE


def test_every_member_reads_each_operators_standing_on_its_profile(api, other_member, operator):
    flag_inactive_members()
    api.force_authenticate(other_member)

    body = api.get(f"/api/v1/operators/{operator.slug}/").json()

    assert body["standing"] == {"status": "flagged", "label": "At risk", "former_member": False}
    assert "grace_until" not in body["standing"]  # the detail is for Orange's own people
