"""The members directory: every current operator with its footprint, objectives, focus and
membership date; searchable, filterable, paginated, with a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.models import Opco, Operator
from tests.factories import MembershipFactory, OpcoFactory, OperatorFactory

URL = reverse("alliance:directory")


def make_operators(count: int, opcos_each: int = 3) -> None:
    countries = ["GB", "DE", "FR", "PL", "HU", "IN", "CO", "CA", "SE", "IT"]
    operators = Operator.objects.bulk_create(
        Operator(
            name=f"Telco {n:03d}",
            slug=f"telco-{n:03d}",
            hq_country="GB",
            objectives="Find partners that work in our markets.",
            focus_categories=["entertainment"],
        )
        for n in range(count)
    )
    Opco.objects.bulk_create(
        Opco(operator=operator, country=country, brand_name=f"{operator.name} {country}")
        for operator in operators
        for country in countries[:opcos_each]
    )


@pytest.fixture
def alliance(operator, other_operator):
    OpcoFactory(operator=operator, country="FR", brand_name="Orange France")
    OpcoFactory(operator=operator, country="PL", brand_name="Orange Polska")
    OpcoFactory(operator=other_operator, country="CO", brand_name="Tigo Colombia")
    operator.objectives = "Bring mobile-money partners to Africa. " * 20
    operator.focus_categories = ["payments_fintech", "travel_lifestyle"]
    operator.save()
    other_operator.focus_categories = ["entertainment"]
    other_operator.save()
    return operator, other_operator


def test_directory_shows_each_operator_with_footprint_objectives_focus_and_date(
    client, member, alliance
):
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Orange" in page and "Millicom" in page
    assert "France, Poland" in page and "Colombia" in page
    assert "Payments &amp; fintech" in page and "Entertainment" in page
    assert "Bring mobile-money partners to Africa." in page
    assert "…" in page  # long objectives are cut short on the card
    assert "member since" in page


def test_directory_leaves_out_removed_operators(client, member, alliance):
    OperatorFactory(name="Gone Telecom", slug="gone", status=Operator.Status.REMOVED)
    client.force_login(member)
    assert "Gone Telecom" not in client.get(URL).content.decode()


def test_directory_searches_by_name(client, member, alliance):
    client.force_login(member)
    page = client.get(URL, {"q": "milli"}).content.decode()
    assert "Millicom" in page and ">Orange<" not in page


def test_directory_filters_by_country_of_footprint(client, member, alliance):
    client.force_login(member)
    response = client.get(URL, {"country": "CO"})
    assert [o.name for o in response.context["operators"]] == ["Millicom"]


def test_directory_filters_by_focus_category(client, member, alliance):
    client.force_login(member)
    response = client.get(URL, {"category": "payments_fintech"})
    assert [o.name for o in response.context["operators"]] == ["Orange"]
    response = client.get(URL, {"category": "payments"})  # not a whole category code
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"country": "XX"}, {"category": "nonsense"}, {"q": "x" * 10_000}, {"page": "abc"}],
)
def test_directory_shows_bad_filters_as_errors_not_failures(client, member, alliance, params):
    client.force_login(member)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert len(response.context["operators"]) == 2


def test_directory_is_paginated(client, member, db):
    make_operators(30, opcos_each=1)
    client.force_login(member)
    first = client.get(URL)
    assert len(first.context["operators"]) == 24
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(URL, {"page": 2}).context["operators"]) == 31 - 24


@pytest.mark.parametrize("count", [10, 100])
def test_directory_runs_a_constant_number_of_queries(
    client, member, django_assert_max_num_queries, count
):
    make_operators(count)
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"country": "GB", "category": "entertainment"})
    assert response.status_code == 200
    assert len(response.context["operators"]) == min(count, 24)


def test_directory_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_directory_explains_to_a_pending_member_why_they_cannot_see_it(client, operator):
    pending = MembershipFactory(operator=operator, status="pending").user
    client.force_login(pending)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Waiting for approval" in response.content.decode()
