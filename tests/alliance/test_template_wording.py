"""Wording that lives in templates (issue 11, point 10): possessives of names ending in s, country
names rather than codes, "(optional)" only where a field is optional, and an approval email that
says "approved"."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from alliance.text import country_names, possessive
from tests.factories import (
    DealFactory,
    IntroductionFactory,
    OpcoFactory,
    OperatorApplicationFactory,
    PartnerFactory,
    SponsorshipFactory,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Orange", "Orange’s"), ("Quantisafe Networks", "Quantisafe Networks’"), ("MTS", "MTS’")],
)
def test_a_name_ending_in_s_takes_the_apostrophe_alone(name, expected):
    assert possessive(name) == expected


def test_country_codes_read_as_names():
    assert country_names(["BE", "ES", "FR"]) == ["Belgium", "Spain", "France"]
    assert country_names(None) == []


def test_the_decline_page_names_the_application_with_a_correct_possessive(client, admin_user):
    partner = PartnerFactory(name="Quantisafe Networks", status="applied")
    client.force_login(admin_user)
    page = client.get(reverse("partners:decline", args=[partner.slug])).content.decode()
    assert "Quantisafe Networks’ application" in page
    assert "Networks’s" not in page


def test_a_sponsors_suggested_countries_are_named(client, member, other_operator):
    partner = PartnerFactory(name="Tunely")
    SponsorshipFactory(partner=partner, operator=other_operator, suggested_countries=["BE", "FR"])
    client.force_login(member)
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "Suggested for: Belgium, France" in page


def test_the_coverage_matrix_heads_its_columns_with_country_names(client, member, operator):
    OpcoFactory(operator=operator, country="FR")
    DealFactory(operator=operator, country="FR", stage="launched")
    client.force_login(member)
    page = client.get(reverse("deals:coverage")).content.decode()
    assert ">France</a></th>" in page


def test_an_answer_required_when_declining_is_not_marked_optional(client, member, other_operator):
    introduction = IntroductionFactory(
        from_operator=other_operator, to_operator=member.membership.operator
    )
    client.force_login(member)
    page = client.get(introduction.get_absolute_url()).content.decode()
    label = page[page.index('for="id_reason"') :].split("</label>")[0]
    assert "Your answer" in label and "optional" not in label
    assert "Required when you decline" in page


def test_the_email_sent_when_an_application_is_approved_says_so(
    client, admin_user, django_capture_on_commit_callbacks
):
    application = OperatorApplicationFactory(name="Quantisafe Networks", footprint=["CH"])
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("alliance:staff_application", args=[application.pk]), {"action": "approve"}
        )
    (message,) = mail.outbox
    assert "Approved" in message.subject
    assert "approved Quantisafe Networks’ application" in message.body
    html = message.alternatives[0][0] if message.alternatives else ""
    assert "approved Quantisafe Networks’ application" in html


def test_an_invitation_from_a_colleague_does_not_claim_an_approval(
    client, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    team = reverse("alliance:team", args=[manager.membership.operator.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            team, {"action": "invite", "email": "new.colleague@orange.example", "role": "member"}
        )
    (message,) = mail.outbox
    assert "approved" not in message.body.lower()
    assert "invited you" in message.subject
