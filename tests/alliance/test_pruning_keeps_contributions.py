"""Pruning loses nothing: a removed operator's deals, lessons, introductions and comments stay,
shown as by a former member; reinstatement restores access; the audit log has every step."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from alliance.models import AuditLogEntry
from alliance.permissions import can_contribute
from alliance.standing.actions import reinstate, remove, suspend
from alliance.standing.job import flag_inactive_members
from deals.models import Deal
from lessons.models import Comment, Lesson
from partners.models import Introduction
from tests.factories import DealFactory, IntroductionFactory, LessonFactory

pytestmark = pytest.mark.django_db

FORMER = "Orange (former member)"


@pytest.fixture
def orange_work(operator, member, other_operator, other_member) -> dict:
    """One of each kind of Orange's contributions, as Millicom's people see them."""
    theirs = LessonFactory(author=other_member, title="Zero-rating did not lift usage")
    return {
        "deal": DealFactory(operator=operator, visibility="alliance"),
        "lesson": LessonFactory(author=member, title="Security apps did not sell"),
        "introduction": IntroductionFactory(from_operator=operator, to_operator=other_operator),
        "comment": Comment.objects.create(
            lesson=theirs, author=member, operator=operator, body="We saw the same in Poland."
        ),
        "their_lesson": theirs,
    }


def page_for(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_after_removal_everything_stays_and_shows_as_by_a_former_member(
    client, admin_user, operator, other_member, orange_work
):
    flag_inactive_members()
    remove(operator=operator, by=admin_user, reason="No contribution for a year")

    assert Deal.objects.filter(operator=operator).count() == 1
    assert Lesson.objects.filter(operator=operator).count() == 1
    assert Introduction.objects.filter(from_operator=operator).count() == 1
    assert Comment.objects.filter(operator=operator).count() == 1
    pages = {
        "deal": orange_work["deal"].get_absolute_url(),
        "lesson": orange_work["lesson"].get_absolute_url(),
        "introduction": reverse("partners:introduction", args=[orange_work["introduction"].pk]),
        "comment": orange_work["their_lesson"].get_absolute_url(),
    }
    for kind, url in pages.items():
        assert FORMER in page_for(client, other_member, url), f"{kind} page at {url}"


def test_removal_then_reinstatement_restores_access_with_every_step_audited(
    client, admin_user, operator, member
):
    flag_inactive_members()
    suspend(operator=operator, by=admin_user, reason="Grace passed")
    member.refresh_from_db()
    suspended_may_write = can_contribute(member)
    remove(operator=operator, by=admin_user, reason="Still silent")
    member.refresh_from_db()
    removed_is_member = member.active_membership is not None

    reinstate(operator=operator, by=admin_user, reason="New BD team")

    member.refresh_from_db()
    assert (suspended_may_write, removed_is_member) == (False, False)
    assert can_contribute(member)
    client.force_login(member)
    assert client.get(reverse("alliance:dashboard")).status_code == 200
    steps = AuditLogEntry.objects.filter(operator=operator).order_by("pk")
    assert [(e.action, e.reason) for e in steps] == [
        ("standing.flagged", ""),
        ("standing.suspended", "Grace passed"),
        ("standing.removed", "Still silent"),
        ("standing.reinstated", "New BD team"),
    ]
    assert all(e.actor == admin_user for e in steps[1:])
