"""An operator's profile page, and the page where its managers (and staff) edit it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.models import AuditLogEntry, Operator, OperatorEmailDomain
from tests.factories import OpcoFactory, OperatorFactory


def profile_url(operator: Operator) -> str:
    return reverse("alliance:operator", args=[operator.slug])


def edit_url(operator: Operator) -> str:
    return reverse("alliance:operator_edit", args=[operator.slug])


@pytest.fixture
def orange(operator):
    OpcoFactory(operator=operator, country="FR", brand_name="Orange France")
    OpcoFactory(operator=operator, country="SN", brand_name="Orange Sénégal")
    operator.objectives = "Bring mobile-money partners to Africa.\n\n" + ("Details. " * 100).strip()
    operator.focus_categories = ["payments_fintech"]
    operator.website = "https://www.orange.com"
    operator.save()
    return operator


def valid_profile(**overrides) -> dict:
    data = {
        "name": "Orange",
        "hq_country": "FR",
        "website": "https://www.orange.com",
        "objectives": "Find messaging partners for Africa.",
        "focus_categories": ["communication", "payments_fintech"],
        "email_domains": "orange.com\n@Orange-Business.COM ",
    }
    data.update(overrides)
    return data


def test_profile_shows_objectives_in_full_footprint_with_brands_and_contacts(
    client, member, manager, orange
):
    client.force_login(member)
    response = client.get(profile_url(orange))
    page = response.content.decode()
    assert response.status_code == 200
    assert orange.objectives.split("\n")[0] in page and page.count("Details.") == 100
    assert "Orange Sénégal" in page and "Senegal" in page
    assert "Payments &amp; fintech" in page
    assert "https://www.orange.com" in page and "France" in page
    assert "manager@orange.example" in page  # managers are the operator's contacts
    assert "member@orange.example" not in page


@pytest.mark.parametrize(
    ("persona", "sees_edit_links"),
    [("member", False), ("manager", True), ("other_manager", False), ("admin_user", True)],
    indirect=["persona"],
)
def test_edit_links_appear_only_for_those_who_may_edit(client, orange, persona, sees_edit_links):
    client.force_login(persona)
    page = client.get(profile_url(orange)).content.decode()
    assert (edit_url(orange) in page) is sees_edit_links


def test_removed_operator_is_hidden_from_members_but_not_from_staff(
    client, other_member, admin_user, db
):
    gone = OperatorFactory(name="Gone", slug="gone", status=Operator.Status.REMOVED)
    client.force_login(other_member)
    assert client.get(profile_url(gone)).status_code == 404
    client.force_login(admin_user)
    assert client.get(profile_url(gone)).status_code == 200


def test_unknown_operator_is_not_found(client, member):
    client.force_login(member)
    assert client.get("/members/no-such-operator/").status_code == 404


def test_manager_edits_profile_and_the_change_is_audited(client, manager, orange):
    client.force_login(manager)
    response = client.post(edit_url(orange), valid_profile())
    assert response.status_code == 302 and response.url == profile_url(orange)
    orange.refresh_from_db()
    assert orange.objectives == "Find messaging partners for Africa."
    assert orange.focus_categories == ["communication", "payments_fintech"]
    assert sorted(OperatorEmailDomain.objects.values_list("domain", flat=True)) == [
        "orange-business.com",
        "orange.com",
    ]
    entry = AuditLogEntry.objects.get(action="operator.updated")
    assert entry.actor == manager and entry.operator == orange
    assert entry.changes["objectives"][1] == "Find messaging partners for Africa."
    assert entry.changes["objectives"][0].startswith("Bring mobile-money partners")
    assert entry.changes["email_domains"] == ["", "orange-business.com, orange.com"]
    assert "name" not in entry.changes
    assert "profile is saved" in client.get(response.url).content.decode()


def test_saving_an_unchanged_profile_writes_no_audit_entry(client, manager, orange):
    client.force_login(manager)
    form = client.get(edit_url(orange)).context["form"]
    data = {**form.initial, "focus_categories": orange.focus_categories}
    data["hq_country"] = "FR"
    client.post(edit_url(orange), data)
    assert not AuditLogEntry.objects.filter(action="operator.updated").exists()


def test_staff_may_edit_any_operator(client, admin_user, orange):
    client.force_login(admin_user)
    response = client.post(edit_url(orange), valid_profile(objectives="Set by the admins."))
    assert response.status_code == 302
    orange.refresh_from_db()
    assert orange.objectives == "Set by the admins."


@pytest.mark.parametrize("persona", ["member", "other_manager"], indirect=True)
def test_others_are_refused_the_edit_page(client, orange, persona):
    client.force_login(persona)
    response = client.get(edit_url(orange))
    assert response.status_code == 403
    assert "Only Orange’s managers and the alliance admins can change" in response.content.decode()
    assert client.post(edit_url(orange), valid_profile(objectives="Hacked")).status_code == 403
    orange.refresh_from_db()
    assert orange.objectives != "Hacked"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("name", "   ", "This field is required."),
        ("name", "O" * 10_000, "at most 120 characters"),
        ("name", "Millicom", "Another member operator already has this name."),
        ("website", "not a url", "Enter the full address of the website"),
        ("hq_country", "XX", "Select a valid choice"),
        ("focus_categories", ["nonsense"], "Select a valid choice"),
        ("objectives", "x" * 10_000, "at most 5000 characters"),
        ("email_domains", "gmail.com", "public email service"),
        ("email_domains", "not a domain!", "is not a domain name"),
        ("email_domains", "x" * 10_000, "at most"),
    ],
)
def test_bad_profile_input_is_refused_with_a_clear_message(
    client, manager, orange, other_operator, field, value, message
):
    client.force_login(manager)
    response = client.post(edit_url(orange), valid_profile(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    if field != "objectives":  # nothing typed is lost
        assert "Find messaging partners" in response.content.decode()
    orange.refresh_from_db()
    assert orange.objectives.startswith("Bring mobile-money")


def test_a_domain_registered_by_another_operator_is_refused(
    client, manager, orange, other_operator
):
    OperatorEmailDomain.objects.create(operator=other_operator, domain="millicom.com")
    client.force_login(manager)
    response = client.post(edit_url(orange), valid_profile(email_domains="millicom.com"))
    assert "already registered by another operator" in response.content.decode()
    assert not orange.email_domains.exists()
    orange.refresh_from_db()
    assert orange.objectives.startswith("Bring mobile-money")


def test_a_rejected_name_does_not_show_in_the_page_header(client, manager, orange, other_operator):
    client.force_login(manager)
    response = client.post(edit_url(orange), valid_profile(name="Millicom"))
    assert "<h1>Edit Orange</h1>" in response.content.decode()
