"""Admin pages of the membership app: one per model; the ledger and audit log are read-only."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from alliance.ledger import audit, record_contribution
from alliance.models import Contribution, Operator
from tests.factories import (
    InvitationFactory,
    OpcoFactory,
    OperatorApplicationFactory,
)

MODELS = [
    "operator",
    "opco",
    "membership",
    "invitation",
    "operatorapplication",
    "contribution",
    "auditlogentry",
    "user",
]


@pytest.fixture
def records(operator, member, admin_user):
    OpcoFactory(operator=operator, country="FR", brand_name="Orange France")
    operator.email_domains.create(domain="orange.com")
    InvitationFactory(operator=operator)
    OperatorApplicationFactory(name="Vodacom")
    record_contribution(
        operator=operator, user=member, kind=Contribution.Kind.DEAL_LOGGED, target=operator
    )
    audit(actor=admin_user, action="operator.updated", target=operator, operator=operator)


@pytest.mark.parametrize("model", MODELS)
def test_each_model_has_a_working_admin_list_and_change_page(client, admin_user, records, model):
    client.force_login(admin_user)
    changelist = client.get(reverse(f"admin:alliance_{model}_changelist"), {"q": "orange"})
    assert changelist.status_code == 200
    model_class = ContentType.objects.get(app_label="alliance", model=model).model_class()
    first = model_class.objects.first()
    change = client.get(reverse(f"admin:alliance_{model}_change", args=[first.pk]))
    assert change.status_code == 200


def test_operator_admin_edits_opcos_and_email_domains_inline(client, admin_user, records):
    client.force_login(admin_user)
    operator = Operator.objects.get(slug="orange")
    page = client.get(reverse("admin:alliance_operator_change", args=[operator.pk]))
    content = page.content.decode()
    assert "Orange France" in content and "orange.com" in content


def test_operator_admin_filters_by_status(client, admin_user, records):
    client.force_login(admin_user)
    response = client.get(reverse("admin:alliance_operator_changelist"), {"status": "removed"})
    assert response.status_code == 200
    assert "0 operators" in response.content.decode()


@pytest.mark.parametrize("model", ["contribution", "auditlogentry"])
def test_the_ledger_and_the_audit_log_cannot_be_changed_in_the_admin(
    client, admin_user, records, model
):
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:alliance_{model}_add")).status_code == 403
    model_class = ContentType.objects.get(app_label="alliance", model=model).model_class()
    first = model_class.objects.first()
    response = client.post(
        reverse(f"admin:alliance_{model}_delete", args=[first.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert model_class.objects.filter(pk=first.pk).exists()


@pytest.mark.parametrize("persona", ["member", "manager"], indirect=True)
def test_members_and_managers_are_kept_out_of_the_admin(client, persona):
    client.force_login(persona)
    response = client.get(reverse("admin:alliance_operator_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
