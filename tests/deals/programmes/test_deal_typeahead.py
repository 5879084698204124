"""A participation's deal field, for a programme serving a customer (no partner): a participant
with many open deals in the country types the deal's partner (suggested from its own open deals
there), instead of picking among hundreds in a list; with a few, the list stays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from deals.programmes import forms as programme_forms
from tests.factories import DealFactory, ParticipationFactory, PartnerFactory, ProgrammeFactory


@pytest.fixture
def customer_participation(operator, lead_footprint, telekom):
    programme = ProgrammeFactory(
        lead=operator,
        name="Fleet telematics",
        partner=None,
        customer="EuroFleet",
        countries=["DE", "FR"],
    )
    return ParticipationFactory(programme=programme, country="DE", operator=telekom, accepted=True)


@pytest.fixture
def telekom_deals(telekom):
    """Four open deals of Telekom in Germany, with Acme 0..3, and one in Poland."""
    DealFactory(operator=telekom, country="PL", partner=PartnerFactory(name="Acme Poland"))
    return [
        DealFactory(operator=telekom, country="DE", partner=PartnerFactory(name=f"Acme {n}"))
        for n in range(4)
    ]


@pytest.fixture
def few_listed(monkeypatch):
    monkeypatch.setattr(programme_forms, "LISTED_DEALS", 2)


def test_many_open_deals_are_typed_by_partner_not_listed(
    client_for, telekom_member, customer_participation, telekom_deals, few_listed
):
    page = client_for(telekom_member).get(customer_participation.get_absolute_url())
    html = page.content.decode()
    url = reverse("deals:participation_deals", args=[customer_participation.pk])
    assert f'data-typeahead="{url}"' in html and "Acme 2 — " not in html


def test_the_participation_page_takes_the_same_queries_for_4_open_deals_as_for_40(
    client_for,
    telekom,
    telekom_member,
    customer_participation,
    telekom_deals,
    few_listed,
    django_assert_max_num_queries,
):
    client = client_for(telekom_member)
    with django_assert_max_num_queries(20) as four:
        client.get(customer_participation.get_absolute_url())
    for n in range(36):
        DealFactory(operator=telekom, country="DE", partner=PartnerFactory(name=f"Acme x{n}"))
    with django_assert_max_num_queries(len(four.captured_queries)):
        page = client.get(customer_participation.get_absolute_url())
    assert "Acme x20" not in page.content.decode()


def test_a_few_open_deals_stay_a_list(
    client_for, telekom_member, customer_participation, telekom_deals
):
    html = client_for(telekom_member).get(customer_participation.get_absolute_url()).content
    assert "Acme 2 — Exploring" in html.decode() and b"data-typeahead" not in html


def test_suggestions_are_the_participants_open_deals_in_the_country(
    client_for, telekom_member, customer_participation, telekom_deals
):
    url = reverse("deals:participation_deals", args=[customer_participation.pk])
    answer = client_for(telekom_member).get(url, {"q": "acme"}).json()
    assert [row["label"] for row in answer] == [f"Acme {n} — Exploring" for n in range(4)]


def test_an_outsider_gets_no_suggestions(
    client_for, other_member, customer_participation, telekom_deals
):
    url = reverse("deals:participation_deals", args=[customer_participation.pk])
    assert client_for(other_member).get(url, {"q": "acme"}).status_code == 404


def test_a_deal_is_linked_without_javascript_by_its_partners_name(
    client_for, telekom_member, customer_participation, telekom_deals, few_listed
):
    url = reverse("deals:participation_link_deal", args=[customer_participation.pk])
    client_for(telekom_member).post(url, {"deal": "acme 2"})
    customer_participation.refresh_from_db()
    assert customer_participation.deal == telekom_deals[2]


def test_a_partner_without_an_open_deal_there_says_what_to_fix(
    client_for, telekom_member, customer_participation, telekom_deals, few_listed
):
    url = reverse("deals:participation_link_deal", args=[customer_participation.pk])
    response = client_for(telekom_member).post(url, {"deal": "Acme Poland"})
    customer_participation.refresh_from_db()
    assert customer_participation.deal is None
    assert "You have no open deal there with a partner named “Acme Poland”" in (
        response.content.decode()
    )
