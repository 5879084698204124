"""The dashboard: the member's operator, the members sharing its countries, and what needs doing."""

from __future__ import annotations

from django.urls import reverse

from alliance.models import Membership
from tests.factories import (
    MembershipFactory,
    OpcoFactory,
    OperatorApplicationFactory,
    OperatorFactory,
)

URL = reverse("alliance:dashboard")


def test_members_sharing_countries_with_yours_come_first_with_those_countries(
    client, member, operator, other_operator
):
    OpcoFactory(operator=operator, country="FR")
    OpcoFactory(operator=operator, country="PL")
    OpcoFactory(operator=other_operator, country="CO")
    telekom = OperatorFactory(name="Deutsche Telekom", slug="deutsche-telekom")
    OpcoFactory(operator=telekom, country="PL")
    client.force_login(member)
    response = client.get(URL)
    rows = response.context["members"]
    assert [row["operator"].name for row in rows] == ["Deutsche Telekom", "Millicom"]
    assert [c.code for c in rows[0]["shared"]] == ["PL"]
    page = response.content.decode()
    assert "Also in</strong> Poland" in page
    assert response.context["member_count"] == 3


def test_a_manager_is_told_how_many_colleagues_wait_for_approval(client, manager, operator):
    MembershipFactory(operator=operator, status=Membership.Status.PENDING)
    client.force_login(manager)
    page = client.get(URL).content.decode()
    assert "colleague waiting for your approval" in page
    assert reverse("alliance:team", args=[operator.slug]) in page


def test_a_member_is_not_shown_the_managers_links(client, member, operator):
    MembershipFactory(operator=operator, status=Membership.Status.PENDING)
    client.force_login(member)
    page = client.get(URL).content.decode()
    assert "waiting for your approval" not in page
    assert reverse("alliance:operator_edit", args=[operator.slug]) not in page


def test_staff_see_how_many_operator_applications_wait_for_review(client, admin_user):
    OperatorApplicationFactory()
    OperatorApplicationFactory()
    client.force_login(admin_user)
    page = client.get(URL).content.decode()
    assert "Alliance administration" in page
    assert "operator applications to review" in page
    assert reverse("alliance:staff_applications") in page
