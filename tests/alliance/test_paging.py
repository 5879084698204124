"""The one paginator of every list page and the API: exact counts below the cap, "N+" above it,
and every page still reachable past it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.models import Operator
from alliance.paging import CappedPaginator
from tests.factories import DealFactory, MembershipFactory, OperatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven_operators():
    Operator.objects.bulk_create(
        Operator(name=f"Telco {n}", slug=f"telco-{n}", hq_country="GB") for n in range(7)
    )
    return Operator.objects.order_by("name")


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)


def test_a_count_below_the_cap_is_exact(seven_operators):
    paginator = CappedPaginator(seven_operators, 2)

    assert (paginator.count, paginator.is_capped, paginator.count_label) == (7, False, "7")


def test_a_count_above_the_cap_stops_there_and_says_so(seven_operators, cap_of_three):
    paginator = CappedPaginator(seven_operators, 2)

    assert (paginator.count, paginator.is_capped, paginator.count_label) == (3, True, "3+")


def test_counting_reads_no_more_rows_than_the_cap_and_one(seven_operators, cap_of_three):
    with CaptureQueriesContext(connection) as queries:
        CappedPaginator(seven_operators, 2).get_page(1).paginator.count  # noqa: B018

    assert "LIMIT 4" in queries.captured_queries[0]["sql"]


def test_a_page_past_the_cap_is_still_there(seven_operators, cap_of_three):
    page = CappedPaginator(seven_operators, 2).get_page(4)

    assert [operator.name for operator in page] == ["Telco 6"]
    assert page.number == 4 and not page.has_next()


def test_the_next_page_link_does_not_count_again(seven_operators, cap_of_three):
    page = CappedPaginator(seven_operators, 2).get_page(1)
    page.paginator.count  # noqa: B018

    with CaptureQueriesContext(connection) as queries:
        page.next_page_number()

    assert queries.captured_queries == []


def test_a_page_number_far_past_the_end_gives_the_last_page(seven_operators):
    page = CappedPaginator(seven_operators, 2).get_page(10**30)

    assert page.number == 4


def test_a_list_page_shows_a_capped_count_with_a_plus(client, operator, cap_of_three):
    member = MembershipFactory(operator=operator).user
    DealFactory.create_batch(4, operator=operator)
    client.force_login(member)

    response = client.get(reverse("deals:list"))

    assert "3+ deals" in response.content.decode()


def test_the_api_says_when_its_count_is_capped(operator, cap_of_three):
    api = APIClient()
    api.force_authenticate(MembershipFactory(operator=operator).user)
    OperatorFactory.create_batch(4)

    body = api.get("/api/v1/operators/").json()

    assert (body["count"], body["count_is_capped"]) == (3, True)


def test_a_list_may_be_counted_on_rows_without_what_only_their_display_needs(seven_operators):
    shown = seven_operators.prefetch_related("opcos")
    with CaptureQueriesContext(connection) as queries:
        count = CappedPaginator(shown, 2, counted=seven_operators.filter(name__lt="Telco 3")).count

    assert count == 3 and len(queries.captured_queries) == 1
