"""The programme page, its CSV export and the API answer in a constant number of queries, whether
the programme crosses 3 countries or 30."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_countries import countries as all_countries
from rest_framework.test import APIClient

from alliance.models import Opco
from deals.models import Deal
from deals.programmes.models import Participation, SLAReport
from deals.programmes.sla import months_back
from tests.deals.programmes.helpers import last_month
from tests.factories import OperatorFactory, ProgrammeFactory

# One budget for both sizes: what the page needs whatever the number of countries.
PAGE_QUERIES = 9
EXPORT_QUERIES = 9
API_QUERIES = 6


def build(size: int, lead, partner):
    """A programme across `size` countries: all but one taken by one participant, each with a
    deal and three monthly reports; the last country unassigned."""
    participant = OperatorFactory()
    codes = [code for code, _ in all_countries][:size]
    Opco.objects.bulk_create(
        Opco(operator=participant, country=code, brand_name=f"Opco {code}") for code in codes
    )
    programme = ProgrammeFactory(lead=lead, partner=partner, countries=codes)
    deals = Deal.objects.bulk_create(
        Deal(operator=participant, partner=partner, country=code, deal_type="iot_connectivity")
        for code in codes[:-1]
    )
    participations = Participation.objects.bulk_create(
        Participation(
            programme=programme,
            country=code,
            operator=participant,
            status="accepted",
            answered_at=timezone.now() - timedelta(days=100),
            deal=deal,
            availability_target="99.5",
            support_response_hours=4,
        )
        for code, deal in zip(codes[:-1], deals, strict=True)
    )
    month = last_month()
    SLAReport.objects.bulk_create(
        SLAReport(
            participation=participation,
            month=months_back(month, back),
            availability="99.1" if back == 1 else "99.9",
            incidents=1,
            mttr_hours="1",
            target="99.5",
        )
        for participation in participations
        for back in range(3)
    )
    return programme


@pytest.mark.parametrize("size", [3, 30])
def test_the_programme_page_costs_the_same_queries_for_3_or_30_countries(
    size, client, member, operator, car_partner, django_assert_max_num_queries
):
    programme = build(size, operator, car_partner)
    client.force_login(member)
    client.get(reverse("deals:programmes"))  # warm the session and content types

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("badge--breach") == size - 1


@pytest.mark.parametrize("size", [3, 30])
def test_the_csv_export_costs_the_same_queries_for_3_or_30_countries(
    size, client, member, operator, car_partner, django_assert_max_num_queries
):
    programme = build(size, operator, car_partner)
    client.force_login(member)
    client.get(reverse("deals:programmes"))

    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = client.get(reverse("deals:programme_export", args=[programme.pk]))
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == size + 1


@pytest.mark.parametrize("size", [3, 30])
def test_the_participations_api_costs_the_same_queries_for_3_or_30_countries(
    size, member, operator, car_partner, django_assert_max_num_queries
):
    programme = build(size, operator, car_partner)
    api = APIClient()
    api.force_authenticate(member)

    with django_assert_max_num_queries(API_QUERIES):
        response = api.get("/api/v1/participations/", {"programme": programme.pk})
    assert response.json()["count"] == size - 1
