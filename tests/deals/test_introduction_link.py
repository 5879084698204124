"""The introduction a deal came from is known only to that introduction's two operators and staff
(issue 10, point 3): to any other member a deal's `introduction` is null in the API and absent
from the deal page — not even its id leaks. No query per deal is spent deciding it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import DealFactory, IntroductionFactory, MembershipFactory, OperatorFactory


@pytest.fixture
def introducer():
    """A member of BT, which introduced the partner to Orange."""
    return MembershipFactory(operator=OperatorFactory(name="BT", slug="bt")).user


@pytest.fixture
def introduced_deal(operator, partner, introducer):
    introduction = IntroductionFactory(
        partner=partner,
        from_operator=introducer.membership.operator,
        to_operator=operator,
        countries=["FR"],
        status="deal",
    )
    return DealFactory(operator=operator, partner=partner, country="FR", introduction=introduction)


# Who may know which introduction the (alliance) deal came from.
VIEWERS = [
    ("member", True),  # the recipient, which owns the deal
    ("introducer", True),
    ("admin_user", True),
    ("other_member", False),
]


@pytest.mark.parametrize(("viewer", "sees"), VIEWERS)
def test_the_api_names_a_deals_introduction_only_to_those_who_may_see_it(
    request, introduced_deal, viewer, sees
):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(viewer))
    expected = introduced_deal.introduction_id if sees else None
    detail = api.get(f"/api/v1/deals/{introduced_deal.pk}/").json()
    [listed] = api.get("/api/v1/deals/").json()["results"]
    assert detail["introduction"] == expected
    assert listed["introduction"] == expected


@pytest.mark.parametrize(("viewer", "sees"), VIEWERS)
def test_the_deal_page_says_who_introduced_it_only_to_those_who_may_see_it(
    request, client, introduced_deal, viewer, sees
):
    client.force_login(request.getfixturevalue(viewer))
    page = client.get(introduced_deal.get_absolute_url()).content.decode()
    assert ("Introduced by" in page) is sees
    assert (introduced_deal.introduction.get_absolute_url() in page) is sees


def test_deciding_who_sees_the_introduction_costs_no_query_per_deal(
    other_member, operator, partner, introducer, django_assert_max_num_queries
):
    from alliance.models import Opco

    for code in ("FR", "PL", "DE", "ES", "IT"):
        Opco.objects.get_or_create(operator=operator, country=code, defaults={"brand_name": code})
        introduction = IntroductionFactory(
            partner=partner,
            from_operator=introducer.membership.operator,
            to_operator=operator,
            countries=[code],
            status="deal",
        )
        DealFactory(operator=operator, partner=partner, country=code, introduction=introduction)
    api = APIClient()
    api.force_authenticate(other_member)
    api.get("/api/v1/deals/")
    with django_assert_max_num_queries(8):
        rows = api.get("/api/v1/deals/").json()["results"]
    assert [row["introduction"] for row in rows] == [None] * 5
