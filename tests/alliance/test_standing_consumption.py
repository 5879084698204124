"""Consumption: views of other operators' deals and lessons are counted, one row per day."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from alliance.ledger import record_consumption
from alliance.models import Consumption
from tests.factories import DealFactory, LessonFactory

pytestmark = pytest.mark.django_db


class _Meta:
    def __init__(self, label_lower: str) -> None:
        self.label_lower = label_lower


@dataclass
class Viewed:
    """What record_consumption reads from a deal or lesson: its owner and its model label."""

    operator_id: int
    label: str = "deals.deal"

    @property
    def _meta(self) -> _Meta:
        return _Meta(self.label)


def test_views_of_another_operators_deal_add_up_in_one_daily_row(member, other_operator):
    for _ in range(3):
        assert record_consumption(user=member, target=Viewed(other_operator.pk))

    row = Consumption.objects.get()
    assert (row.viewer, row.owner, row.kind, row.views) == (
        member.membership.operator,
        other_operator,
        Consumption.Kind.DEAL,
        3,
    )


def test_deal_and_lesson_views_are_counted_apart(member, other_operator):
    record_consumption(user=member, target=Viewed(other_operator.pk))
    record_consumption(user=member, target=Viewed(other_operator.pk, "lessons.lesson"))

    assert dict(Consumption.objects.values_list("kind", "views")) == {
        Consumption.Kind.DEAL: 1,
        Consumption.Kind.LESSON: 1,
    }


def test_viewing_ones_own_operators_work_is_not_consumption(member, operator):
    assert not record_consumption(user=member, target=Viewed(operator.pk))
    assert not Consumption.objects.exists()


def test_staff_and_anonymous_views_are_not_counted(admin_user, other_operator):
    assert not record_consumption(user=admin_user, target=Viewed(other_operator.pk))
    assert not record_consumption(user=AnonymousUser(), target=Viewed(other_operator.pk))
    assert not Consumption.objects.exists()


def test_a_view_costs_one_query_once_the_days_row_exists(
    member, other_operator, django_assert_max_num_queries
):
    record_consumption(user=member, target=Viewed(other_operator.pk))
    member.refresh_from_db()
    member.membership.operator  # noqa: B018 - load the membership outside the measured block

    with django_assert_max_num_queries(3):  # savepoint, UPDATE, release
        record_consumption(user=member, target=Viewed(other_operator.pk))


def test_opening_another_members_deal_and_lesson_pages_counts_as_consumption(
    client, member, other_operator, other_member
):
    deal = DealFactory(operator=other_operator, visibility="alliance")
    lesson = LessonFactory(author=other_member)
    client.force_login(member)

    client.get(deal.get_absolute_url())
    client.get(deal.get_absolute_url())
    client.get(lesson.get_absolute_url())

    assert dict(Consumption.objects.values_list("kind", "views")) == {
        Consumption.Kind.DEAL: 2,
        Consumption.Kind.LESSON: 1,
    }
