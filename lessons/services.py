"""Writes of the lessons app: each checks the write rule, runs in one transaction and records the
contribution in the ledger in that same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from alliance.ledger import changed_fields, record_contribution
from alliance.models import Contribution
from alliance.permissions import can_contribute
from lessons.models import Comment, Endorsement, Lesson, LessonCountry, LessonRevision, Tag

MAX_TAGS = 10


class LessonError(Exception):
    """A write that the rules refuse, with a message for the member."""


class NotAllowed(LessonError):
    """The user may not write (no active membership, or a suspended operator)."""


def _check_can_contribute(user) -> None:
    if not can_contribute(user):
        raise NotAllowed(
            "Your operator is suspended or you have no active membership: you can read lessons "
            "but not write, endorse or comment."
        )


def parse_tags(text: str | Iterable[str]) -> list[str]:
    """Tag names from "pricing, carrier billing" (or a list), de-duplicated by slug."""
    names = text.split(",") if isinstance(text, str) else list(text)
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(str(name).split())[:40]
        if slugify(name):
            seen.setdefault(slugify(name), name)
    return list(seen.values())


def _set_tags(lesson: Lesson, names: list[str]) -> None:
    tags = []
    for name in names:
        tag = Tag.objects.filter(slug=slugify(name)[:50]).first() or Tag.objects.create(name=name)
        tags.append(tag)
    lesson.tags.set(tags)


def _set_countries(lesson: Lesson, codes: Iterable[str]) -> None:
    codes = sorted(set(codes))
    lesson.countries.exclude(country__in=codes).delete()
    existing = set(lesson.countries.values_list("country", flat=True))
    LessonCountry.objects.bulk_create(
        LessonCountry(lesson=lesson, country=code) for code in codes if code not in existing
    )


def create_lesson(
    *,
    author,
    title: str,
    outcome: str,
    tried: str,
    happened: str,
    why: str,
    recommendation: str,
    category: str,
    countries: Iterable[str] = (),
    tags: Iterable[str] = (),
    partner=None,
    deal=None,
    publish: bool = False,
) -> Lesson:
    """Save a lesson by `author` for their operator, as a draft or published at once."""
    _check_can_contribute(author)
    with transaction.atomic():
        lesson = Lesson.objects.create(
            title=title,
            outcome=outcome,
            tried=tried,
            happened=happened,
            why=why,
            recommendation=recommendation,
            category=category,
            partner=partner,
            deal=deal,
            author=author,
            operator=author.active_membership.operator,
        )
        _set_countries(lesson, countries)
        _set_tags(lesson, parse_tags(tags))
        if publish:
            _publish(lesson, by=author)
    return lesson


def update_lesson(
    *,
    lesson: Lesson,
    by,
    countries: Iterable[str] | None = None,
    tags: Iterable[str] | None = None,
    **fields,
) -> Lesson:
    """Change a lesson's fields; an edit of a published lesson is kept as a revision."""
    _check_can_contribute(by)
    if not lesson.is_editable_by(by):
        raise NotAllowed("Only the author of a lesson may edit it.")
    allowed = {*Lesson.REVISIONED_FIELDS, "partner", "deal"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not lesson fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        initial = {name: getattr(lesson, name) for name in fields}
        before_countries, before_tags = (
            lesson.country_codes,
            sorted(t.name for t in lesson.tags.all()),
        )
        for name, value in fields.items():
            setattr(lesson, name, value)
        changes = changed_fields(lesson, initial)
        lesson.save()
        if countries is not None:
            _set_countries(lesson, countries)
            if sorted(set(countries)) != sorted(before_countries):
                changes["countries"] = [", ".join(before_countries), ", ".join(sorted(countries))]
        if tags is not None:
            names = parse_tags(tags)
            _set_tags(lesson, names)
            if sorted(names) != before_tags:
                changes["tags"] = [", ".join(before_tags), ", ".join(sorted(names))]
        if changes and lesson.is_published:
            LessonRevision.objects.create(lesson=lesson, edited_by=by, changes=changes)
    return lesson


def _publish(lesson: Lesson, *, by) -> None:
    lesson.status = Lesson.Status.PUBLISHED
    lesson.published_at = timezone.now()
    lesson.save(update_fields=["status", "published_at", "updated_at"])
    record_contribution(
        operator=lesson.operator, user=by, kind=Contribution.Kind.LESSON_PUBLISHED, target=lesson
    )


def publish_lesson(*, lesson: Lesson, by) -> Lesson:
    """Publish a draft: from now on every member sees it, and it counts as a contribution."""
    _check_can_contribute(by)
    if not lesson.is_editable_by(by):
        raise NotAllowed("Only the author of a lesson may publish it.")
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        if lesson.is_published:
            raise LessonError("This lesson is already published.")
        _publish(lesson, by=by)
    return lesson


def endorse_lesson(*, lesson: Lesson, by) -> Endorsement:
    """ "We saw this too": one endorsement per member and lesson, never of one's own lesson."""
    _check_can_contribute(by)
    if not lesson.is_published:
        raise LessonError("Only published lessons can be endorsed.")
    if lesson.author_id == by.pk:
        raise LessonError("You cannot endorse your own lesson.")
    operator = by.active_membership.operator
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(lesson=lesson, user=by, operator=operator)
            Lesson.objects.filter(pk=lesson.pk).update(endorsement_count=F("endorsement_count") + 1)
            record_contribution(
                operator=operator, user=by, kind=Contribution.Kind.LESSON_ENDORSED, target=lesson
            )
    except IntegrityError as error:
        raise LessonError("You have already endorsed this lesson.") from error
    return endorsement


def comment_on_lesson(*, lesson: Lesson, by, body: str) -> Comment:
    _check_can_contribute(by)
    if not lesson.is_published:
        raise LessonError("Comments are open once a lesson is published.")
    body = body.strip()
    if not body:
        raise LessonError("Write something before posting a comment.")
    operator = by.active_membership.operator
    with transaction.atomic():
        comment = Comment.objects.create(lesson=lesson, author=by, operator=operator, body=body)
        Lesson.objects.filter(pk=lesson.pk).update(comment_count=F("comment_count") + 1)
        record_contribution(
            operator=operator, user=by, kind=Contribution.Kind.LESSON_COMMENTED, target=lesson
        )
    return comment
