"""Introductions that become deals (issue 11, point 3): "It led to a deal" opens the deal form
pre-filled from the introduction; logging the deal links it, moves the introduction to `deal`,
credits the introducer once for that deal, and the link reads both ways — on the pages and in the
API — for the introduction's two operators and staff, and for nobody else."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from alliance.models import Contribution
from deals.models import Deal
from deals.services import log_deal, update_deal
from partners import services as partner_services
from partners.models import Introduction
from tests.factories import (
    DealFactory,
    MembershipFactory,
    OpcoFactory,
    OperatorFactory,
    PartnerFactory,
    SponsorshipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tunely(other_operator):
    """An active partner sponsored by Millicom (`other_operator`), the introducer."""
    partner = PartnerFactory(name="Tunely", slug="tunely", countries=["CO"])
    SponsorshipFactory(partner=partner, operator=other_operator)
    return partner


@pytest.fixture
def introduction(tunely, operator, other_member, member):
    """Millicom introduced Tunely to Orange for Spain and France; Orange accepted."""
    for code in ("FR", "ES"):
        OpcoFactory(operator=operator, country=code, brand_name=f"Orange {code}")
    introduction = partner_services.introduce_partner(
        partner=tunely,
        by=other_member,
        to_operator=operator,
        countries=["ES", "FR"],
        pitch="Carrier-billed music kept our prepaid customers.",
    )
    return partner_services.answer_introduction(introduction=introduction, by=member, accept=True)


@pytest.fixture
def third_member(db):
    """A member of BT, which is party to neither side of the introduction."""
    return MembershipFactory(operator=OperatorFactory(name="BT", slug="bt")).user


def introducer_credits(deal: Deal | None = None):
    """The ledger's PARTNER_INTRODUCED rows for deals (of `deal` if given)."""
    credits = Contribution.objects.filter(
        kind=Contribution.Kind.PARTNER_INTRODUCED,
        content_type=ContentType.objects.get_for_model(Deal),
    )
    return credits.filter(object_id=deal.pk) if deal else credits


def log_from(introduction: Introduction, *, by, country: str, **extra) -> Deal:
    values = {"partner": introduction.partner, "country": country, "deal_type": "bundling"}
    return log_deal(by=by, values={**values, "introduction": introduction, **extra})


def form_data(form, **extra) -> dict:
    """What a browser posts for `form` as it is shown (its pre-filled values), plus `extra`."""
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value not in (None, "", False)}
    return {**data, **extra}


def test_it_led_to_a_deal_opens_the_prefilled_form_and_the_saved_deal_is_linked_both_ways(
    client, member, introduction, tunely, other_operator
):
    client.force_login(member)
    page = client.get(introduction.get_absolute_url()).content.decode()
    [href] = re.findall(r'href="([^"]*)"[^>]*>It led to a deal<', page)
    assert href == f"/deals/new/?introduction={introduction.pk}"

    response = client.get(href)
    form = response.context["form"]
    assert form["partner"].value() == tunely.slug
    assert form["country"].value() == "ES"  # the first of its countries in Orange's footprint
    assert form["introduction"].value() == introduction.pk
    assert "the introduction of Tunely by Millicom" in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == "accepted"  # opening the form changes nothing
    assert not introducer_credits().exists()

    saved = client.post(href, form_data(form, deal_type="bundling", visibility="alliance"))
    deal = Deal.objects.get()
    assert saved.status_code == 302 and saved["Location"] == deal.get_absolute_url()
    assert (deal.introduction, deal.partner, deal.country.code) == (introduction, tunely, "ES")
    introduction.refresh_from_db()
    assert introduction.status == "deal"
    assert introducer_credits(deal).get().operator == other_operator

    deal_page = client.get(deal.get_absolute_url()).content.decode()
    assert "Introduced by" in deal_page
    assert f'href="{introduction.get_absolute_url()}"' in deal_page
    introduction_page = client.get(introduction.get_absolute_url()).content.decode()
    assert f'href="{deal.get_absolute_url()}"' in introduction_page
    assert "Orange in Spain" in introduction_page


def test_a_second_deal_from_the_introduction_is_for_its_other_country_and_credited_once_too(
    client, member, introduction, tunely
):
    first = log_from(introduction, by=member, country="ES")
    client.force_login(member)
    page = client.get(introduction.get_absolute_url()).content.decode()
    assert "Log another deal from it" in page
    form = client.get(f"/deals/new/?introduction={introduction.pk}").context["form"]
    assert form["country"].value() == "FR"  # Spain already has its open deal
    client.post(
        f"/deals/new/?introduction={introduction.pk}",
        form_data(form, deal_type="bundling", visibility="alliance"),
    )
    second = Deal.objects.exclude(pk=first.pk).get()
    assert second.introduction == introduction
    assert introducer_credits(first).count() == introducer_credits(second).count() == 1
    assert introduction.history.filter(to_status="deal").count() == 1


def test_the_introducer_is_credited_once_for_a_deal_however_often_it_is_recorded_or_saved(
    member, introduction, tunely
):
    deal = log_from(introduction, by=member, country="FR")
    partner_services.record_introduced_deal(deal=deal, by=member)
    update_deal(deal=deal, by=member, values={"summary": "Renamed bundle."})
    assert introducer_credits(deal).count() == 1


def test_the_introducer_sees_the_button_nowhere_and_outsiders_do_not_see_the_introduction(
    client, other_member, third_member, introduction
):
    client.force_login(other_member)
    assert "It led to a deal" not in client.get(introduction.get_absolute_url()).content.decode()
    client.force_login(third_member)
    assert client.get(introduction.get_absolute_url()).status_code == 404
    # Nor can an outsider pre-fill a deal form from it.
    form = client.get(f"/deals/new/?introduction={introduction.pk}").context["form"]
    assert form["introduction"].value() is None


def test_a_deal_cannot_come_from_an_introduction_that_was_not_accepted(
    client, member, tunely, operator, other_member
):
    OpcoFactory(operator=operator, country="FR")
    proposed = partner_services.introduce_partner(
        partner=tunely, by=other_member, to_operator=operator, countries=["FR"], pitch="Try it."
    )
    client.force_login(member)
    assert "It led to a deal" not in client.get(proposed.get_absolute_url()).content.decode()
    url = f"/deals/new/?introduction={proposed.pk}"
    form = client.get(url).context["form"]
    response = client.post(url, form_data(form, deal_type="bundling", visibility="alliance"))
    assert response.status_code == 200
    assert (
        "This introduction is still waiting for an answer; only an accepted introduction leads "
        "to a deal." in response.content.decode()
    )
    assert not Deal.objects.exists()
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_changing_the_partner_of_a_deal_from_an_introduction_is_refused_where_it_shows(
    client, member, introduction
):
    other = PartnerFactory(name="Magisto", slug="magisto")
    client.force_login(member)
    url = f"/deals/new/?introduction={introduction.pk}"
    form = client.get(url).context["form"]
    response = client.post(url, form_data(form, partner=other.pk, deal_type="bundling"))
    page = response.content.decode()
    assert "That introduction was not of Magisto to Orange." in page
    assert "the introduction of Tunely by Millicom" in page  # still named, the error beside it
    assert not Deal.objects.exists()


# --- The API, both ways ---------------------------------------------------------------------------
def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_logs_a_deal_from_an_introduction_and_shows_the_link_both_ways(
    member, other_member, admin_user, introduction, tunely
):
    created = api_for(member).post(
        "/api/v1/deals/",
        {
            "partner": "tunely",
            "country": "FR",
            "deal_type": "bundling",
            "introduction": introduction.pk,
        },
        format="json",
    )
    assert created.status_code == 201
    deal_id = created.json()["id"]
    assert created.json()["introduction"] == introduction.pk
    for viewer in (member, other_member, admin_user):
        shown = api_for(viewer).get(f"/api/v1/introductions/{introduction.pk}/").json()
        assert (shown["status"], shown["deals"]) == ("deal", [deal_id])
        [listed] = api_for(viewer).get("/api/v1/introductions/").json()["results"]
        assert listed["deals"] == [deal_id]
        assert api_for(viewer).get(f"/api/v1/deals/{deal_id}/").json()["introduction"] == (
            introduction.pk
        )
    assert introducer_credits().count() == 1


def test_the_introductions_deals_are_those_the_viewer_may_see(
    member, other_member, introduction, tunely, operator
):
    shared = log_from(introduction, by=member, country="FR")
    private = log_from(introduction, by=member, country="ES", visibility="private")
    url = f"/api/v1/introductions/{introduction.pk}/"
    assert sorted(api_for(member).get(url).json()["deals"]) == sorted([shared.pk, private.pk])
    assert api_for(other_member).get(url).json()["deals"] == [shared.pk]
    # Both deals still credit the introducer, whoever may see them.
    assert introducer_credits().count() == 2


def test_a_third_operator_sees_the_deal_but_not_where_it_came_from(
    client, member, third_member, introduction, tunely
):
    deal = log_from(introduction, by=member, country="FR")
    client.force_login(third_member)
    page = client.get(deal.get_absolute_url()).content.decode()
    assert "Tunely" in page
    assert "Introduced by" not in page and introduction.get_absolute_url() not in page
    assert api_for(third_member).get(f"/api/v1/deals/{deal.pk}/").json()["introduction"] is None
    assert api_for(third_member).get(f"/api/v1/introductions/{introduction.pk}/").status_code == 404
    assert api_for(third_member).get("/api/v1/introductions/").json()["count"] == 0


def test_listing_introductions_with_their_deals_costs_no_query_per_introduction(
    member, operator, other_operator, django_assert_max_num_queries
):
    for _ in range(5):
        partner = PartnerFactory()
        introduction = Introduction.objects.create(
            partner=partner,
            from_operator=other_operator,
            to_operator=operator,
            countries=["FR"],
            pitch="Go",
            status="deal",
        )
        DealFactory(operator=operator, partner=partner, country="FR", introduction=introduction)
    api = api_for(member)
    api.get("/api/v1/introductions/")
    with django_assert_max_num_queries(8):
        rows = api.get("/api/v1/introductions/").json()["results"]
    assert all(len(row["deals"]) == 1 for row in rows) and len(rows) == 5
