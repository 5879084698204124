"""The admins' standing actions validate their rules in one place, the services: the pruning page
and the API only check the shape of the input, and refuse the same input with the same status and
the same sentence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from alliance.errors import Conflict, Invalid
from alliance.models import AuditLogEntry, Operator
from alliance.standing.actions import (
    apply_action,
    exempt,
    extend_grace,
    reinstate,
    remove,
    suspend,
)
from alliance.standing.job import flag_inactive_members

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - timedelta(days=1)


@pytest.fixture
def flagged(operator) -> Operator:
    flag_inactive_members()
    operator.refresh_from_db()
    return operator


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (lambda op, by: suspend(operator=op, by=by, reason=" "), "reason", "Give a reason"),
        (lambda op, by: remove(operator=op, by=by, reason=""), "reason", "Give a reason"),
        (
            lambda op, by: extend_grace(operator=op, by=by, days=None, reason="x"),
            "days",
            "Say by how many days",
        ),
        (
            lambda op, by: extend_grace(operator=op, by=by, days=0, reason="x"),
            "days",
            "by 1 to 365 days",
        ),
        (
            lambda op, by: extend_grace(operator=op, by=by, days=366, reason="x"),
            "days",
            "by 1 to 365 days",
        ),
        (
            lambda op, by: exempt(operator=op, by=by, until=None, reason="x"),
            "until",
            "Say until when",
        ),
        (
            lambda op, by: exempt(operator=op, by=by, until=YESTERDAY, reason="x"),
            "until",
            "end today or later",
        ),
        (
            lambda op, by: apply_action(action="nuke", operators=[op], by=by, reason="x"),
            "action",
            "Unknown action",
        ),
    ],
)
def test_the_services_refuse_invalid_input_naming_the_field(
    flagged, admin_user, call, field, message
):
    with pytest.raises(Invalid, match=message) as refused:
        call(flagged, admin_user)

    assert refused.value.field == field
    flagged.refresh_from_db()
    assert flagged.status == Operator.Status.FLAGGED
    assert not AuditLogEntry.objects.filter(actor=admin_user).exists()


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("suspended", suspend, "Orange is already suspended."),
        ("removed", suspend, "Orange is already removed."),
        ("removed", remove, "Orange has already been removed."),
        ("active", reinstate, "Orange is active: nothing to reinstate."),
        ("flagged", reinstate, "Orange is at risk: nothing to reinstate."),
    ],
)
def test_a_move_its_standing_does_not_allow_is_a_conflict(
    operator, admin_user, status, action, message
):
    Operator.objects.filter(pk=operator.pk).update(status=status)

    with pytest.raises(Conflict) as refused:
        action(operator=operator, by=admin_user, reason="Board decision")

    assert refused.value.message == message
    operator.refresh_from_db()
    assert operator.status == status


def test_exempting_a_suspended_operator_asks_to_reinstate_it_first(operator, admin_user):
    suspend(operator=operator, by=admin_user, reason="Review")

    with pytest.raises(Conflict, match="Orange is suspended: reinstate it first"):
        exempt(operator=operator, by=admin_user, until=timezone.localdate(), reason="Merger")


def test_reinstatement_restarts_the_window_and_says_so_in_the_audit_log(operator, admin_user):
    remove(operator=operator, by=admin_user, reason="Silent")

    reinstate(operator=operator, by=admin_user, reason="Back")

    operator.refresh_from_db()
    today = timezone.localdate()
    assert (operator.status, operator.reinstated_on) == (Operator.Status.ACTIVE, today)
    entry = AuditLogEntry.objects.get(action="standing.reinstated")
    assert entry.changes == {
        "status": ["removed", "active"],
        "reinstated_on": ["None", today.isoformat()],
    }


def test_a_bulk_action_is_all_or_nothing(flagged, other_operator, admin_user):
    with pytest.raises(Conflict, match="Millicom is not flagged"):
        apply_action(
            action="extend_grace",
            operators=[flagged, other_operator],
            by=admin_user,
            reason="x",
            days=10,
        )

    assert not AuditLogEntry.objects.filter(action="standing.grace_extended").exists()


# --- the same refusal on every surface ----------------------------------------------------------
PAGE, API = "pruning page", "API"


def through(surface: str, admin, operator: Operator, **fields):
    """Send one admin action through a surface; (status, text of the answer)."""
    if surface == PAGE:
        client = Client()
        client.force_login(admin)
        data = {"operators": [operator.pk], "reason": "x", "confirm": "on", **fields}
        response = client.post(reverse("alliance:standing_pruning"), data)
        return response.status_code, response.content.decode()
    api = APIClient()
    api.force_authenticate(admin)
    response = api.post(
        "/api/v1/standing/actions/",
        {"operators": [operator.slug], "reason": "x", **fields},
        format="json",
    )
    return response.status_code, str(response.json())


@pytest.mark.parametrize("surface", [PAGE, API])
@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"action": "extend_grace", "days": 0}, 400, "Extend the grace period by 1 to 365 days."),
        ({"action": "extend_grace"}, 400, "Say by how many days to extend the grace period."),
        (
            {"action": "exempt", "until": YESTERDAY.isoformat()},
            400,
            "An exemption must end today or later.",
        ),
        ({"action": "reinstate"}, 409, "Orange is at risk: nothing to reinstate."),
    ],
)
def test_the_same_refusal_reads_the_same_on_every_surface(
    admin_user, flagged, surface, fields, status, message
):
    answered, text = through(surface, admin_user, flagged, **fields)

    assert (answered, message in text) == (status, True)
    flagged.refresh_from_db()
    assert flagged.status == Operator.Status.FLAGGED
    assert not AuditLogEntry.objects.filter(actor__isnull=False).exists()
