"""The admin pages of blocs: read-only, and dissolving as an action that asks for a reason and
goes through the service (audited)."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from alliance.models import AuditLogEntry, Bloc

CHANGELIST = reverse("admin:alliance_bloc_changelist")


def test_staff_read_blocs_and_their_memberships_but_change_nothing(client_for, admin_user, bloc):
    client = client_for(admin_user)
    assert "M2M bloc" in client.get(CHANGELIST).content.decode()
    page = client.get(reverse("admin:alliance_bloc_change", args=[bloc.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "TeliaSonera" in text
    assert 'name="_save"' not in text
    assert client.get(reverse("admin:alliance_bloc_add")).status_code == 403


def test_the_dissolve_action_asks_for_a_reason_first(client_for, admin_user, bloc):
    response = client_for(admin_user).post(
        CHANGELIST, {"action": "dissolve", ACTION_CHECKBOX_NAME: [bloc.pk]}
    )
    assert response.status_code == 200 and "Say why" in response.content.decode()
    assert Bloc.objects.get().is_active


def test_the_dissolve_action_dissolves_through_the_service(client_for, admin_user, bloc):
    response = client_for(admin_user).post(
        CHANGELIST,
        {"action": "dissolve", ACTION_CHECKBOX_NAME: [bloc.pk], "apply": "1", "reason": "Ended."},
        follow=True,
    )
    assert "1 bloc(s) dissolved." in response.content.decode()
    assert Bloc.objects.get().status == "dissolved"
    assert AuditLogEntry.objects.get(action="bloc.dissolved").reason == "Ended."


def test_members_have_no_admin(client_for, manager):
    assert client_for(manager).get(CHANGELIST).status_code == 302
