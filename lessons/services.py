"""Writes of the lessons app. Each enforces the domain rules of its write (who may write, author
only, publish, endorse and comment rules, which deal a lesson may be about), raises
`alliance.errors` when they refuse, runs in one transaction and records the contribution in the
ledger in that same transaction. Pages, the API and the demo data all write through these."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from alliance.blocs.services import bloc_after_edit, sharing_problem
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.ledger import changed_fields, record_contribution
from alliance.models import Contribution, Operator
from alliance.permissions import acting_operator
from lessons.models import Comment, Endorsement, Lesson, LessonCountry, LessonRevision, Tag

MAX_TAGS = 10


def parse_tags(text: str | Iterable[str]) -> list[str]:
    """Tag names from "pricing, carrier billing" (or a list), de-duplicated by slug."""
    names = text.split(",") if isinstance(text, str) else list(text)
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(str(name).split())[:40]
        if slugify(name):
            seen.setdefault(slugify(name), name)
    return list(seen.values())


def check_can_edit(*, lesson: Lesson, by) -> Operator:
    """`by` may change `lesson` (edit, publish): they write for an operator and wrote it.
    Returns their operator, else `NotAllowed` saying why."""
    operator = acting_operator(by)
    if not lesson.is_editable_by(by):
        raise NotAllowed("Only the author of a lesson may change it.")
    return operator


def can_edit(*, lesson: Lesson, user) -> bool:
    """`check_can_edit` as a yes/no, for pages that offer the Edit and Publish buttons."""
    try:
        check_can_edit(lesson=lesson, by=user)
    except NotAllowed:
        return False
    return True


def check_deal(*, deal, operator: Operator) -> None:
    """A lesson is linked only to one of its author's operator's deals (the write form checks it
    before offering to write a lesson about a deal)."""
    if deal is not None and deal.operator_id != operator.pk:
        raise Invalid("A lesson can be linked only to one of your operator's deals.", field="deal")


def check_sharing(
    *, operator: Operator, visibility: str, bloc, before: tuple[str, int | None] | None = None
) -> None:
    """A bloc lesson names one of its operator's active blocs when the bloc is chosen; an
    `alliance` lesson names none (`alliance.blocs.services.sharing_problem`, the deals' rule)."""
    if visibility not in Lesson.Visibility.values:
        raise Invalid(f"“{visibility}” is not a visibility of lessons.", field="visibility")
    problem = sharing_problem(operator=operator, visibility=visibility, bloc=bloc, before=before)
    if problem is not None:
        raise problem


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
    visibility: str = Lesson.Visibility.ALLIANCE,
    bloc=None,
    publish: bool = False,
) -> Lesson:
    """Save a lesson by `author` for their operator, as a draft or published at once; with
    `visibility="bloc"` only the members of `bloc` (one of the operator's) will read it."""
    operator = acting_operator(author)
    check_deal(deal=deal, operator=operator)
    check_sharing(operator=operator, visibility=visibility, bloc=bloc)
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
            visibility=visibility,
            bloc=bloc,
            author=author,
            operator=operator,
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
    publish: bool = False,
    **fields,
) -> Lesson:
    """Change a lesson's fields, and publish it if asked and still a draft (in the same
    transaction); an edit of a published lesson is kept as a revision."""
    operator = check_can_edit(lesson=lesson, by=by)
    allowed = {*Lesson.REVISIONED_FIELDS, "partner", "deal", "visibility", "bloc"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not lesson fields: {', '.join(sorted(unknown))}")
    if "deal" in fields:
        check_deal(deal=fields["deal"], operator=operator)
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        if "visibility" in fields or "bloc" in fields:
            # Against the row as it is now: keeping its bloc needs no membership, choosing does.
            visibility = fields.get("visibility", lesson.visibility)
            fields["bloc"] = bloc_after_edit(
                visibility=visibility, given=fields, current=lesson.bloc
            )
            check_sharing(
                operator=operator,
                visibility=visibility,
                bloc=fields["bloc"],
                before=(lesson.visibility, lesson.bloc_id),
            )
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
        if publish and not lesson.is_published:
            _publish(lesson, by=by)
    return lesson


def _publish(lesson: Lesson, *, by) -> None:
    lesson.status = Lesson.Status.PUBLISHED
    lesson.published_at = timezone.now()
    lesson.save(update_fields=["status", "published_at", "updated_at"])
    record_contribution(
        operator=lesson.operator, user=by, kind=Contribution.Kind.LESSON_PUBLISHED, target=lesson
    )


def publish_lesson(*, lesson: Lesson, by) -> Lesson:
    """Publish a draft: from now on every member (or, for a bloc lesson, every member of its
    bloc) sees it, and it counts as a contribution."""
    check_can_edit(lesson=lesson, by=by)
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        if lesson.is_published:
            raise Conflict("This lesson is already published.")
        _publish(lesson, by=by)
    return lesson


def endorse_lesson(*, lesson: Lesson, by) -> Endorsement:
    """ "We saw this too": one endorsement per member and lesson, never of one's own lesson."""
    operator = acting_operator(by)
    if not lesson.is_published:
        raise Conflict("Only published lessons can be endorsed.")
    if lesson.author_id == by.pk:
        raise NotAllowed("You cannot endorse your own lesson.")
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(lesson=lesson, user=by, operator=operator)
            Lesson.objects.filter(pk=lesson.pk).update(endorsement_count=F("endorsement_count") + 1)
            record_contribution(
                operator=operator, user=by, kind=Contribution.Kind.LESSON_ENDORSED, target=lesson
            )
    except IntegrityError as error:
        raise Conflict("You have already endorsed this lesson.") from error
    return endorsement


def comment_on_lesson(*, lesson: Lesson, by, body: str) -> Comment:
    """A comment on a published lesson, credited to the commenter's operator."""
    operator = acting_operator(by)
    if not lesson.is_published:
        raise Conflict("Comments are open once a lesson is published.")
    body = body.strip()
    if not body:
        raise Invalid("Write something before posting a comment.", field="body")
    with transaction.atomic():
        comment = Comment.objects.create(lesson=lesson, author=by, operator=operator, body=body)
        Lesson.objects.filter(pk=lesson.pk).update(comment_count=F("comment_count") + 1)
        record_contribution(
            operator=operator, user=by, kind=Contribution.Kind.LESSON_COMMENTED, target=lesson
        )
    return comment
