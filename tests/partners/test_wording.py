"""Wording of the partners app (issue 11, point 10): an introduction's status in whole sentences,
possessives of names ending in s, and help text that says something."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from partners.forms import SponsorForm
from tests.factories import IntroductionFactory, OpcoFactory, PartnerFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def led_to_a_deal(member, other_operator):
    OpcoFactory(operator=member.membership.operator, country="FR")
    return IntroductionFactory(
        from_operator=other_operator,
        to_operator=member.membership.operator,
        countries=["FR"],
        status="deal",
    )


def test_an_introduction_that_led_to_a_deal_says_so_in_a_sentence(client, member, led_to_a_deal):
    client.force_login(member)
    url = reverse("partners:introduction_progress", args=[led_to_a_deal.pk])
    page = html.unescape(client.post(url, {"step": "met"}).content.decode())
    assert "This introduction has already led to a deal; it cannot be marked as met now." in page
    assert "is led to a deal" not in page and "become led to a deal" not in page


def test_answering_an_introduction_that_led_to_a_deal_says_it_already_did(
    client, member, led_to_a_deal
):
    client.force_login(member)
    url = reverse("partners:introduction_answer", args=[led_to_a_deal.pk])
    page = html.unescape(client.post(url, {"decision": "accept"}).content.decode())
    assert "This introduction has already led to a deal; it can no longer be answered." in page


def test_declining_an_application_names_it_with_a_correct_possessive(client, admin_user):
    partner = PartnerFactory(name="Quantisafe Networks", status="applied")
    client.force_login(admin_user)
    response = client.post(
        reverse("partners:decline", args=[partner.slug]), {"reason": "Not for us."}, follow=True
    )
    page = html.unescape(response.content.decode())
    assert "Quantisafe Networks’ application is declined" in page
    assert "Networks's" not in page


def test_saving_a_partners_profile_names_it_with_a_correct_possessive(client, member, operator):
    partner = PartnerFactory(name="Family Wall Labs", countries=["FR"])
    SponsorshipFactory(partner=partner, operator=operator)
    client.force_login(member)
    form = client.get(reverse("partners:edit", args=[partner.slug])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    response = client.post(reverse("partners:edit", args=[partner.slug]), data, follow=True)
    page = html.unescape(response.content.decode())
    assert "Family Wall Labs’ profile is saved." in page


def test_the_sponsors_countries_field_has_a_help_text_that_says_something():
    field = SponsorForm().fields["suggested_countries"]
    assert field.help_text not in ("", "Optional.")
    assert "optional" not in field.help_text.lower()
