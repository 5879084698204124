"""The deal forms' partner is a type-ahead field: typed by name, slug or id (without JavaScript it
is a plain text field), with suggestions of the partners that accept deals among those the member
sees — never a `<select>` of every partner, so the form stays small and its queries constant."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from deals.models import Deal
from deals.programmes.models import Programme
from tests.factories import OpcoFactory, PartnerFactory

SUGGESTIONS = reverse("deals:partner_suggestions")


def log_form(partner: str, **extra) -> dict:
    return {
        "partner": partner,
        "country": "FR",
        "stage": "exploring",
        "deal_type": "bundling",
        "started_on": timezone.localdate().isoformat(),
        "visibility": "alliance",
        **extra,
    }


def suggested(client, typed: str) -> list[str]:
    return [row["value"] for row in client.get(SUGGESTIONS, {"q": typed}).json()]


def test_suggestions_are_the_partners_that_accept_deals(client_for, member, partner):
    PartnerFactory(name="Spotimatic", slug="spotimatic", status="applied")
    PartnerFactory(name="Spotty copy", slug="spotty-copy", duplicate_of=partner)
    assert suggested(client_for(member), "spot") == ["spotify"]


def test_suggestions_never_offer_a_partner_the_member_may_not_see(client_for, member, partner):
    PartnerFactory(name="Spotless", slug="spotless", status="archived")
    assert suggested(client_for(member), "spot") == ["spotify"]


def test_suggestions_give_the_name_to_read_and_the_slug_to_send(client_for, member, partner):
    answer = client_for(member).get(SUGGESTIONS, {"q": "SPOT"}).json()
    assert answer == [{"value": "spotify", "label": "Spotify"}]


def test_an_anonymous_visitor_gets_no_suggestions(client, partner):
    response = client.get(SUGGESTIONS, {"q": "spot"})
    assert response.status_code in (302, 403)
    assert b"spotify" not in response.content


@pytest.mark.parametrize("typed", ["Spotify", "spotify", "  SPOTIFY ", "id"])
def test_a_deal_is_logged_without_javascript_by_the_partners_name_slug_or_id(
    client_for, member, partner, opco, typed
):
    typed = str(partner.pk) if typed == "id" else typed
    response = client_for(member).post(reverse("deals:create"), log_form(typed))
    deal = Deal.objects.get()
    assert response.status_code == 302 and deal.partner == partner


def test_a_partner_nobody_is_named_is_refused_beside_the_field(client_for, member, partner, opco):
    response = client_for(member).post(reverse("deals:create"), log_form("Spotifly"))
    assert not Deal.objects.exists()
    assert "No partner named “Spotifly” that you can see" in response.content.decode()


def test_a_name_two_partners_share_asks_for_the_one_meant_by_its_slug(
    client_for, member, partner, opco
):
    PartnerFactory(name="Spotify", slug="spotify-2")
    response = client_for(member).post(reverse("deals:create"), log_form("SPOTIFY"))
    page = response.content.decode()
    assert not Deal.objects.exists()
    assert "Several partners are named “SPOTIFY”" in page and "(spotify, spotify-2)" in page


def test_a_partner_the_member_may_not_see_reads_as_unknown(client_for, member, opco):
    hidden = PartnerFactory(name="Stealth", slug="stealth", status="archived")
    response = client_for(member).post(reverse("deals:create"), log_form(str(hidden.pk)))
    assert not Deal.objects.exists()
    assert "No partner named" in response.content.decode()
    assert "Stealth" not in response.content.decode()


def test_a_partner_that_accepts_no_deals_is_refused_in_the_rules_words(client_for, member, opco):
    PartnerFactory(name="Newcomer", slug="newcomer", status="applied")
    response = client_for(member).post(reverse("deals:create"), log_form("Newcomer"))
    assert not Deal.objects.exists()
    assert "Newcomer is not an active partner of the alliance" in response.content.decode()


def test_a_partner_in_the_address_is_typed_in_the_field(client_for, member, partner, opco):
    page = client_for(member).get(reverse("deals:create"), {"partner": partner.pk, "country": "FR"})
    html = page.content.decode()
    assert 'value="spotify"' in html and f'data-typeahead="{SUGGESTIONS}"' in html


@pytest.mark.parametrize("url_name", ["deals:create", "deals:programme_create"])
def test_the_form_lists_no_partner_and_stays_small_with_300_partners(
    client_for, member, opco, url_name, django_assert_max_num_queries
):
    PartnerFactory.create_batch(300, countries=[])
    client = client_for(member)
    with django_assert_max_num_queries(12):
        page = client.get(reverse(url_name))
    html = page.content.decode()
    assert page.status_code == 200 and len(page.content) < 100_000
    assert f'data-typeahead="{SUGGESTIONS}"' in html and "Partner Startup 150" not in html


def test_a_programme_is_started_without_javascript_by_the_partners_name(
    client_for, member, partner, opco, operator
):
    OpcoFactory(operator=operator, country="PL")
    form = {"name": "Fleet", "partner": "Spotify", "countries": ["FR", "PL"]}
    client_for(member).post(reverse("deals:programme_create"), form)
    assert Programme.objects.get().partner == partner
