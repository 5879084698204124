"""The inactivity policy: one row, edited by admins in the admin site, every change audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from alliance.models import AuditLogEntry, Contribution, InactivityPolicy

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {"window_days": 90, "minimum_contributions": 1, "grace_days": 30}
    data.update({f"weight_{kind}": 1 for kind in Contribution.Kind.values})
    data.update(overrides)
    return data


def change_url() -> str:
    return reverse("admin:alliance_inactivitypolicy_change", args=[InactivityPolicy.current().pk])


def test_the_defaults_are_those_of_the_specification():
    policy = InactivityPolicy.current()

    assert (policy.window_days, policy.minimum_contributions, policy.grace_days) == (90, 1, 30)
    assert policy.counted_kinds == {kind: 1 for kind in Contribution.Kind.values}


def test_there_is_only_ever_one_policy():
    InactivityPolicy.current()

    with pytest.raises(IntegrityError):
        InactivityPolicy.objects.create(pk=2)


def test_an_admin_changes_the_policy_and_the_change_is_audited(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        change_url(), form_data(window_days=60, grace_days=14, weight_lesson_endorsed=0)
    )

    assert response.status_code == 302
    policy = InactivityPolicy.objects.get()
    assert (policy.window_days, policy.grace_days, policy.updated_by) == (60, 14, admin_user)
    assert "lesson_endorsed" not in policy.counted_kinds
    entry = AuditLogEntry.objects.get(action="standing.policy_changed")
    assert entry.actor == admin_user
    assert entry.changes["window_days"] == ["90", "60"]
    assert entry.changes["grace_days"] == ["30", "14"]
    assert "weights" in entry.changes


def test_a_policy_where_nothing_counts_is_refused(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        change_url(), form_data(**{f"weight_{kind}": 0 for kind in Contribution.Kind.values})
    )

    assert response.status_code == 200
    assert "At least one kind of contribution must count." in response.content.decode()
    assert not AuditLogEntry.objects.exists()


def test_out_of_range_values_are_refused(client, admin_user):
    client.force_login(admin_user)

    response = client.post(change_url(), form_data(window_days=0, weight_deal_logged=-1))

    assert response.status_code == 200
    assert InactivityPolicy.objects.get().window_days == 90


def test_unknown_kinds_in_the_weights_are_invalid():
    policy = InactivityPolicy.current()
    policy.weights = {"bribery": 5}

    with pytest.raises(ValidationError, match="Unknown contribution kinds"):
        policy.full_clean()


def test_the_policy_cannot_be_added_or_deleted_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    policy = InactivityPolicy.current()

    assert client.get(reverse("admin:alliance_inactivitypolicy_add")).status_code == 403
    url = reverse("admin:alliance_inactivitypolicy_delete", args=[policy.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert InactivityPolicy.objects.exists()
