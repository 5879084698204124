"""The demo's M2M bloc of Orange, Deutsche Telekom and TeliaSonera, with a bloc-visible deal and
lesson, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from alliance.models import AuditLogEntry, Bloc, User
from deals.models import Deal
from deals.presenters import present_one
from lessons.models import Lesson


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def person(email: str) -> User:
    return User.objects.get(email=email)


def test_the_demo_has_the_m2m_bloc_proposed_by_telekom_and_accepted_by_the_others(seeded):
    bloc = Bloc.objects.get(slug="m2m-bloc")
    assert bloc.proposed_by_operator.slug == "deutsche-telekom"
    members = bloc.memberships.filter(status="active").values_list("operator__slug", flat=True)
    assert sorted(members) == ["deutsche-telekom", "orange", "teliasonera"]
    assert AuditLogEntry.objects.filter(action="bloc.joined").count() == 2


def test_the_demo_bloc_deal_is_full_for_orange_and_a_summary_for_bt(seeded):
    deal = Deal.objects.get(visibility="bloc")
    assert deal.operator.slug == "deutsche-telekom"
    assert not present_one(deal, person("member@orange.example")).is_summary_only
    assert present_one(deal, person("member@bt.example")).is_summary_only


def test_the_demo_bloc_lesson_is_read_by_the_bloc_only(seeded):
    lesson = Lesson.objects.get(visibility="bloc")
    for email, reads in (("member@orange.example", True), ("member@bt.example", False)):
        visible = Lesson.objects.visible_to(person(email)).filter(pk=lesson.pk).exists()
        assert visible == reads, email


def test_seeding_twice_changes_no_bloc(seeded):
    before = list(Bloc.objects.values()), list(Deal.objects.filter(visibility="bloc").values())
    call_command("seed_demo", stdout=StringIO())
    after = list(Bloc.objects.values()), list(Deal.objects.filter(visibility="bloc").values())
    assert before == after
    assert Lesson.objects.filter(visibility="bloc").count() == 1
