"""Lists stay at a constant number of queries whatever the number of deals (10 vs 500)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.models import Opco
from deals.models import Deal, Visibility
from tests.factories import OperatorFactory, PartnerFactory

COUNTRIES = ["FR", "PL", "DE", "ES", "IT", "SE", "CO", "IN", "GB", "HU"]
STAGES = ["exploring", "negotiating", "signed", "launched"]
VISIBILITIES = [Visibility.ALLIANCE, Visibility.SUMMARY, Visibility.PRIVATE]


def make_deals(count: int, own_operator) -> None:
    """`count` deals of several operators and partners, in bulk (no per-deal factories)."""
    operators = [own_operator] + [OperatorFactory() for _ in range(4)]
    partners = [PartnerFactory() for _ in range(max(count // 50, 2))]
    for operator in operators:
        Opco.objects.get_or_create(operator=operator, country="HU", defaults={"brand_name": "HU"})
    Deal.objects.bulk_create(
        Deal(
            partner=partners[i // 50],
            operator=operators[i % len(operators)],
            country=COUNTRIES[(i // len(operators)) % len(COUNTRIES)],
            stage=STAGES[i % len(STAGES)] if i % 7 else "ended",
            deal_type="bundling",
            visibility=VISIBILITIES[i % 3],
        )
        # Within each block of 50, operator × country is unique: one open deal per triple.
        for i in range(count)
    )


def count_queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


@pytest.fixture
def measure(member, operator, client_for):
    """Queries needed by `path` (web) or `api` for 10 deals, then for 500."""
    client = client_for(member)
    api = APIClient()
    api.force_authenticate(member)

    def _measure(path: str, *, via_api: bool = False) -> tuple[int, int]:
        fetch = (lambda: api.get(path)) if via_api else (lambda: client.get(path))
        fetch()  # warm caches (session, content types)
        results = []
        for total in (10, 500):
            Deal.objects.all().delete()
            make_deals(total, operator)
            results.append(count_queries(fetch))
        return results[0], results[1]

    return _measure


@pytest.mark.parametrize(
    "path",
    [
        reverse("deals:list"),
        reverse("deals:country", args=["FR"]),
        reverse("deals:coverage"),
        reverse("deals:pipeline"),
        reverse("alliance:dashboard"),
    ],
)
def test_pages_take_no_more_queries_for_500_deals_than_for_10(measure, path):
    # "No more" rather than "as many": a lookup of an empty id list costs no query at all.
    few, many = measure(path)
    assert many <= few, f"{path}: {few} queries for 10 deals, {many} for 500"


def test_api_list_takes_no_more_queries_for_500_deals_than_for_10(measure):
    few, many = measure("/api/v1/deals/", via_api=True)
    assert many <= few


def test_deals_list_stays_within_a_small_query_budget(
    client_for, member, operator, django_assert_max_num_queries
):
    make_deals(500, operator)
    client = client_for(member)
    with django_assert_max_num_queries(15):
        client.get(reverse("deals:list"))
