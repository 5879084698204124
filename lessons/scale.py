"""The lessons app's part of `manage.py seed_scale`: lessons (a third written from a closed deal),
their countries and tags, endorsements and comments (a few lessons get most of them), the
ledger rows of those acts and the consumption of other members' lessons.

Lesson text is sentences of real words (`alliance.scale_kit.Writer`), so the generated
`search_document` column — filled by PostgreSQL itself, exactly as for lessons written in the
portal (lessons/search.py) — holds realistic vectors: "retention" is a common word, `RARE_WORD`
one of the rarest.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.text import slugify

from alliance.models import Consumption, Contribution
from alliance.scale import (
    pick_operator,
    pick_person,
    record_contributions,
    seed_consumption,
    share_with_blocs,
)
from alliance.scale_kit import (
    ScaleRun,
    Step,
    col,
    copy_rows,
    execute,
    fetch,
    table,
    through,
    zipf_count,
    zipf_index,
)
from deals.models import CLOSED_STAGES, Deal
from lessons.models import Comment, Endorsement, Lesson, LessonCountry, Tag
from partners.scale import pick_partner

TAGS = 300
CHUNK = 20_000


def seed(run: ScaleRun) -> None:
    with Step(run, "lessons, countries and tags"):
        _seed_lessons(run)
        share_with_blocs(run, Lesson, one_in=10)
    with Step(run, "endorsements and comments"):
        _seed_reactions(run)
    with Step(run, "lessons' ledger rows"):
        _seed_ledger(run)
    with Step(run, "lesson views (consumption)"):
        seed_consumption(run, Consumption.Kind.LESSON, run.size("consumption"))


def _seed_tags(run: ScaleRun) -> list[int]:
    names: list[str] = []
    for word in run.writer.by_pos["n"]:
        if slugify(word) and word not in names:
            names.append(word)
        if len(names) == TAGS:
            break
    rows = [(pk, name, slugify(name)) for pk, name in enumerate(names, start=1)]
    run.wrote(Tag, copy_rows(Tag, ("id", "name", "slug"), rows))
    return [row[0] for row in rows]


def _closed_deals(run: ScaleRun, count: int) -> list[tuple]:
    d = Deal
    return fetch(
        f"SELECT {col(d, 'id')}, {col(d, 'partner')}, {col(d, 'operator')}, {col(d, 'country')} "
        f"FROM {table(d)} WHERE {col(d, 'stage')} IN %s ORDER BY random() LIMIT %s",
        [tuple(CLOSED_STAGES), count],
    )


def _seed_lessons(run: ScaleRun) -> None:
    rng, writer = run.rng, run.writer
    tags = _seed_tags(run)
    total = run.size("lessons")
    from_deals = _closed_deals(run, total // 3)
    categories = {p.id: p.category for p in run.state["partners_by_rank"]}
    by_id = {op.id: op for op in run.state["operators"]}
    lessons, countries, tagged = [], [], []
    fields = ("id", "title", "outcome", "tried", "happened", "why", "recommendation", "category",
              "partner", "deal", "author", "operator", "status", "visibility", "published_at",
              "endorsement_count", "comment_count", "created_at", "updated_at")  # fmt: skip
    for pk in range(1, total + 1):
        if pk <= len(from_deals):
            deal_id, partner_id, operator_id, country = from_deals[pk - 1]
            operator, where = by_id[operator_id], [country]
        else:
            deal_id, operator = None, pick_operator(run)
            partner_id = pick_partner(run).id if rng.random() < 0.6 else None
            where = []
        for _ in range(rng.randint(0, 2)):
            code = rng.choice(operator.countries)
            if code not in where:
                where.append(code)
        where = where or [operator.countries[0]]
        author = pick_person(run, operator)
        # A former member's lessons stay published, by nobody in particular (author None).
        published = author is None or rng.random() < 0.92
        created = run.days_ago(run.recent_age(1_095) + 0.01)
        published_at = created + timedelta(hours=rng.uniform(0.2, 72)) if published else None
        lessons.append((
            pk, writer.title()[:200], rng.choices(Lesson.Outcome.values, (45, 30, 25))[0],
            writer.paragraph(rng.randint(2, 5)), writer.paragraph(rng.randint(2, 5)),
            writer.paragraph(rng.randint(1, 4)), writer.paragraph(rng.randint(1, 3)),
            categories.get(partner_id) or rng.choice(sorted(set(categories.values()))),
            partner_id, deal_id, author, operator.id,
            Lesson.Status.PUBLISHED if published else Lesson.Status.DRAFT,
            Lesson.Visibility.ALLIANCE, published_at, 0, 0,
            created, published_at or created,
        ))  # fmt: skip
        countries.extend((pk, code) for code in where)
        chosen = {tags[zipf_index(rng, len(tags), q=3)] for _ in range(rng.randint(0, 4))}
        tagged.extend((pk, tag) for tag in chosen)
        if pk % CHUNK == 0 or pk == total:
            run.wrote(Lesson, copy_rows(Lesson, fields, lessons))
            lessons.clear()
    run.wrote(LessonCountry, copy_rows(LessonCountry, ("lesson", "country"), countries))
    tags_through = through(Lesson, "tags")
    run.wrote(tags_through, copy_rows(tags_through, ("lesson", "tag"), tagged))


def _published(run: ScaleRun) -> list[tuple]:
    lesson = Lesson
    return fetch(
        f"SELECT {col(lesson, 'id')}, {col(lesson, 'operator')}, {col(lesson, 'published_at')} "
        f"FROM {table(lesson)} WHERE {col(lesson, 'status')} = %s ORDER BY {col(lesson, 'id')}",
        [Lesson.Status.PUBLISHED],
    )


def _seed_reactions(run: ScaleRun) -> None:
    """Endorsements (one per person and lesson) and comments: most lessons get a few, the most
    read one percent get hundreds."""
    rng, writer = run.rng, run.writer
    published = _published(run)
    endorsements, comments = [], []
    for lesson_id, operator_id, published_at in published:
        popular = rng.random() < 0.01
        endorsers = set()
        wanted = zipf_count(rng, 50, 500) if popular else zipf_count(rng, 1, 26) - 1
        for _ in range(wanted):
            operator = pick_operator(run)
            user = pick_person(run, operator)
            if user is None or user in endorsers or operator.id == operator_id:
                continue
            endorsers.add(user)
            at = published_at + timedelta(days=zipf_index(rng, 400, q=2) + rng.random())
            endorsements.append((lesson_id, user, operator.id, min(at, run.now)))
        for _ in range(zipf_count(rng, 20, 200) if popular else zipf_count(rng, 1, 16) - 1):
            operator = pick_operator(run)
            at = published_at + timedelta(days=zipf_index(rng, 400, q=2) + rng.random())
            comments.append((lesson_id, pick_person(run, operator), operator.id,
                             writer.paragraph(rng.randint(1, 3)), min(at, run.now)))  # fmt: skip
    fields = ("lesson", "user", "operator", "created_at")
    run.wrote(Endorsement, copy_rows(Endorsement, fields, endorsements))
    fields = ("lesson", "author", "operator", "body", "created_at")
    run.wrote(Comment, copy_rows(Comment, fields, comments))
    # The counters the endorse and comment services keep on each lesson.
    for model, counter in ((Endorsement, "endorsement_count"), (Comment, "comment_count")):
        execute(
            f"UPDATE {table(Lesson)} AS lesson SET {col(Lesson, counter)} = counted.n "
            f"FROM (SELECT {col(model, 'lesson')} AS lesson_id, count(*) AS n "
            f"FROM {table(model)} GROUP BY 1) AS counted "
            f"WHERE lesson.{col(Lesson, 'id')} = counted.lesson_id"
        )


def _seed_ledger(run: ScaleRun) -> None:
    kinds = Contribution.Kind
    record_contributions(run, kind=kinds.LESSON_PUBLISHED, source=Lesson,
                         operator=f"src.{col(Lesson, 'operator')}",
                         user=f"src.{col(Lesson, 'author')}",
                         at=f"src.{col(Lesson, 'published_at')}",
                         where=f"src.{col(Lesson, 'published_at')} IS NOT NULL")  # fmt: skip
    for kind, model, person in ((kinds.LESSON_ENDORSED, Endorsement, "user"),
                                (kinds.LESSON_COMMENTED, Comment, "author")):  # fmt: skip
        record_contributions(run, kind=kind, source=model, target=Lesson,
                             target_id=f"src.{col(model, 'lesson')}",
                             operator=f"src.{col(model, 'operator')}",
                             user=f"src.{col(model, person)}",
                             at=f"src.{col(model, 'created_at')}")  # fmt: skip
