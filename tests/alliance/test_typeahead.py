"""Type-ahead fields: the suggestions a member gets, and the lessons filter that uses them, read
partners and operators through their own visible_to rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import Partner
from tests.factories import LessonFactory, OperatorFactory, PartnerFactory

pytestmark = pytest.mark.django_db

PARTNERS = reverse("partners:suggestions")
OPERATORS = reverse("alliance:operator_suggestions")


@pytest.fixture
def partners():
    PartnerFactory(name="Cloudify", slug="cloudify")
    PartnerFactory(name="Soundcloud", slug="soundcloud")
    PartnerFactory(name="Cloud Hidden", slug="cloud-hidden", status="declined",
                   decision_reason="Not a fit.")  # fmt: skip
    PartnerFactory(name="Spotify", slug="spotify")


def test_partner_suggestions_are_the_visible_partners_whose_name_contains_the_text(
    client_for, member, partners
):
    answer = client_for(member).get(PARTNERS, {"q": "cloud"}).json()

    assert answer == [
        {"value": "cloudify", "label": "Cloudify"},
        {"value": "soundcloud", "label": "Soundcloud"},
    ]


def test_staff_are_suggested_the_partners_staff_may_see(client_for, admin_user, partners):
    answer = client_for(admin_user).get(PARTNERS, {"q": "hidden"}).json()

    assert answer == [{"value": "cloud-hidden", "label": "Cloud Hidden"}]


def test_no_text_suggests_nothing(client_for, member, partners):
    assert client_for(member).get(PARTNERS, {"q": "  "}).json() == []


def test_operator_suggestions_name_operators_by_slug(client_for, member, operator):
    OperatorFactory(name="Orange Business", slug="orange-business")

    answer = client_for(member).get(OPERATORS, {"q": "orange"}).json()

    assert answer == [
        {"value": "orange", "label": "Orange"},
        {"value": "orange-business", "label": "Orange Business"},
    ]


def test_suggestions_are_for_members_only(client, partners):
    assert client.get(PARTNERS, {"q": "cloud"}).status_code == 302


def test_the_lessons_filter_offers_a_typed_partner_not_a_list_of_every_partner(
    client_for, member, partners
):
    html = client_for(member).get(reverse("lessons:list")).content.decode()

    assert 'name="partner"' in html and f'data-typeahead="{PARTNERS}"' in html
    assert "Soundcloud" not in html


@pytest.mark.parametrize("typed", ["cloudify", "CLOUDIFY"])
def test_the_lessons_filter_takes_a_partner_typed_by_slug_or_name(
    client_for, member, partners, typed
):
    LessonFactory(title="Cloudify in Poland", partner=Partner.objects.get(slug="cloudify"))
    LessonFactory(title="Spotify in Spain", partner=Partner.objects.get(slug="spotify"))

    html = client_for(member).get(reverse("lessons:list"), {"partner": typed}).content.decode()

    assert "Cloudify in Poland" in html and "Spotify in Spain" not in html


def test_a_partner_the_member_may_not_see_is_not_found_by_its_name(client_for, member, partners):
    html = client_for(member).get(reverse("lessons:list"), {"partner": "Cloud Hidden"}).content

    assert "No partner named “Cloud Hidden” that you can see." in html.decode()


def test_a_null_character_in_the_typed_text_is_ignored(client_for, member, partners):
    assert client_for(member).get(PARTNERS, {"q": "clo\x00ud"}).json() == [
        {"value": "cloudify", "label": "Cloudify"},
        {"value": "soundcloud", "label": "Soundcloud"},
    ]
