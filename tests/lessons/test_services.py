"""Writes of lessons: contributions in the ledger, one endorsement per member, comments only on
published lessons, revisions of edits after publication, and the write rule."""

from __future__ import annotations

import pytest

from alliance.errors import Conflict, NotAllowed
from alliance.models import Contribution, Operator
from lessons import services
from lessons.models import Lesson, LessonRevision
from tests.factories import LessonFactory

ANSWERS = {
    "title": "Zero-rating video did not lift prepaid ARPU",
    "outcome": "did_not_work",
    "tried": "We zero-rated the partner's video app on prepaid bundles.",
    "happened": "Usage went up, revenue did not.",
    "why": "Customers used the free data instead of buying top-ups.",
    "recommendation": "Zero-rate only inside paid bundles.",
    "category": "entertainment",
}


def kinds(operator) -> list[str]:
    return list(Contribution.objects.filter(operator=operator).values_list("kind", flat=True))


def test_a_draft_is_not_a_contribution_until_it_is_published(member, operator):
    lesson = services.create_lesson(
        author=member, countries=["FR", "CO"], tags="music, pricing", **ANSWERS
    )
    assert lesson.status == Lesson.Status.DRAFT and lesson.published_at is None
    assert lesson.operator == operator
    assert sorted(lesson.country_codes) == ["CO", "FR"]
    assert sorted(lesson.tag_names) == ["music", "pricing"]
    assert kinds(operator) == []

    services.publish_lesson(lesson=lesson, by=member)

    lesson.refresh_from_db()
    assert lesson.is_published and lesson.published_at is not None
    assert kinds(operator) == [Contribution.Kind.LESSON_PUBLISHED]


def test_publishing_twice_is_refused(member):
    lesson = services.create_lesson(author=member, publish=True, **ANSWERS)
    with pytest.raises(Conflict, match="already published"):
        services.publish_lesson(lesson=lesson, by=member)
    assert Contribution.objects.count() == 1


def test_only_the_author_may_publish_or_edit(draft_lesson, manager):
    with pytest.raises(NotAllowed):
        services.publish_lesson(lesson=draft_lesson, by=manager)
    with pytest.raises(NotAllowed):
        services.update_lesson(lesson=draft_lesson, by=manager, title="Taken over")


def test_endorsing_counts_once_per_member_and_credits_the_endorser(
    published_lesson, other_member, other_operator
):
    services.endorse_lesson(lesson=published_lesson, by=other_member)
    with pytest.raises(Conflict, match="already endorsed"):
        services.endorse_lesson(lesson=published_lesson, by=other_member)

    published_lesson.refresh_from_db()
    assert published_lesson.endorsement_count == 1
    assert kinds(other_operator) == [Contribution.Kind.LESSON_ENDORSED]


def test_members_cannot_endorse_their_own_lesson_or_a_draft(
    published_lesson, draft_lesson, member, manager
):
    with pytest.raises(NotAllowed, match="your own"):
        services.endorse_lesson(lesson=published_lesson, by=member)
    with pytest.raises(Conflict, match="published"):
        services.endorse_lesson(lesson=draft_lesson, by=manager)
    assert Contribution.objects.count() == 0


def test_commenting_is_a_contribution_and_closed_on_drafts(
    published_lesson, draft_lesson, other_member, other_operator
):
    comment = services.comment_on_lesson(
        lesson=published_lesson, by=other_member, body="  Same in Colombia.  "
    )
    assert comment.body == "Same in Colombia." and comment.operator == other_operator
    published_lesson.refresh_from_db()
    assert published_lesson.comment_count == 1
    assert kinds(other_operator) == [Contribution.Kind.LESSON_COMMENTED]

    with pytest.raises(Conflict, match="once a lesson is published"):
        services.comment_on_lesson(lesson=draft_lesson, by=other_member, body="Early thoughts")


def test_edits_after_publication_keep_a_revision_history(published_lesson, member):
    services.update_lesson(
        lesson=published_lesson,
        by=member,
        why="The app store already gave customers a free alternative.",
        countries=["FR", "PL"],
        tags=["security"],
    )
    revision = LessonRevision.objects.get(lesson=published_lesson)
    assert revision.edited_by == member
    assert revision.changes["why"][1] == "The app store already gave customers a free alternative."
    assert revision.changes["countries"] == ["FR", "FR, PL"]
    assert revision.changes["tags"] == ["security, upsell", "security"]


def test_edits_of_a_draft_or_without_changes_leave_no_revision(
    draft_lesson, published_lesson, member
):
    services.update_lesson(lesson=draft_lesson, by=member, title="Zero-rating: a first draft")
    services.update_lesson(lesson=published_lesson, by=member, title=published_lesson.title)
    assert not LessonRevision.objects.exists()


def test_a_suspended_operator_reads_but_cannot_write(
    published_lesson, other_member, other_operator
):
    Operator.objects.filter(pk=other_operator.pk).update(status=Operator.Status.SUSPENDED)
    other_member.refresh_from_db()
    with pytest.raises(NotAllowed, match="suspended"):
        services.create_lesson(author=other_member, **ANSWERS)
    with pytest.raises(NotAllowed):
        services.endorse_lesson(lesson=published_lesson, by=other_member)
    with pytest.raises(NotAllowed):
        services.comment_on_lesson(lesson=published_lesson, by=other_member, body="Hi")
    assert Lesson.objects.visible_to(other_member).filter(pk=published_lesson.pk).exists()


def test_tags_are_shared_between_lessons_by_slug(member):
    first = LessonFactory(author=member)
    services.update_lesson(
        lesson=first, by=member, tags="Carrier billing, carrier-billing, ,  Music "
    )
    assert sorted(first.tag_names) == ["Carrier billing", "Music"]
