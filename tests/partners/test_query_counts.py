"""Lists of partners and introductions cost the same number of queries for 10 rows as for 200."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import IntroductionFactory, OperatorFactory, PartnerFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db


def make_partners(count: int, sponsor) -> None:
    for _ in range(count):
        partner = PartnerFactory(countries=["SE", "DE", "FR"])
        SponsorshipFactory(partner=partner, operator=sponsor)


def queries(fetch) -> int:
    with CaptureQueriesContext(connection) as context:
        response = fetch()
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def api(member) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


@pytest.mark.parametrize(
    "url",
    [
        reverse("partners:list"),
        reverse("partners:list") + "?country=SE&category=entertainment",
        reverse("partners:review_queue"),
    ],
)
def test_partner_pages_cost_the_same_for_10_or_200_partners(
    client, member, other_operator, url, django_assert_max_num_queries
):
    client.force_login(member)
    make_partners(10, other_operator)
    few = queries(lambda: client.get(url))
    make_partners(190, other_operator)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_the_api_partner_list_costs_the_same_for_10_or_200_partners(api, other_operator):
    make_partners(10, other_operator)
    few = queries(lambda: api.get("/api/v1/partners/"))
    make_partners(190, other_operator)
    assert queries(lambda: api.get("/api/v1/partners/")) == few


def test_introduction_lists_cost_the_same_for_10_or_200_introductions(
    client, api, member, operator
):
    def make(count: int) -> None:
        for _ in range(count):
            IntroductionFactory(to_operator=operator, from_operator=OperatorFactory())

    client.force_login(member)
    make(10)
    page_few = queries(lambda: client.get(reverse("partners:introductions")))
    api_few = queries(lambda: api.get("/api/v1/introductions/"))
    dashboard_few = queries(lambda: client.get(reverse("alliance:dashboard")))
    make(190)
    assert queries(lambda: client.get(reverse("partners:introductions"))) == page_few
    assert queries(lambda: api.get("/api/v1/introductions/")) == api_few
    assert queries(lambda: client.get(reverse("alliance:dashboard"))) <= dashboard_few
