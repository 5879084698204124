"""Search relevance, stemming, filters and snippets. The same tests run on SQLite (the fallback)
and on PostgreSQL (CI), where the generated tsvector and its GIN index do the work."""

from __future__ import annotations

import pytest
from django.db import connection

from lessons.filters import LessonFilter
from lessons.models import Lesson
from lessons.search import attach_highlights, search_lessons
from tests.factories import LessonFactory, MembershipFactory

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search; CI runs it"
)


def found(user, **params) -> list[str]:
    lessons = Lesson.objects.visible_to(user).published()
    return [lesson.title for lesson in LessonFilter(params, queryset=lessons).qs]


@pytest.fixture
def corpus(member, other_member):
    body_match = LessonFactory(
        author=other_member,
        title="Prepaid upsell through the self-care app",
        tried="We promoted a music streaming bundle in the app.",
        category="entertainment",
        countries=["CO"],
    )
    title_match = LessonFactory(
        author=member,
        title="Music streaming sold best in store",
        category="entertainment",
        countries=["FR"],
        tags=["retail"],
    )
    unrelated = LessonFactory(
        author=member,
        title="Security apps did not sell",
        tried="We pushed a security app to all customers.",
        category="security_privacy",
        countries=["FR"],
    )
    return {"body": body_match, "title": title_match, "unrelated": unrelated}


def test_a_title_match_ranks_above_a_body_match(corpus, other_member):
    assert found(other_member, q="music") == [corpus["title"].title, corpus["body"].title]


def test_stemming_finds_other_forms_of_a_word(member):
    LessonFactory(
        author=member, title="Device offers", tried="We tried bundling the app with phones."
    )
    assert found(member, q="bundles") == ["Device offers"]


def test_filters_combine_with_each_other_and_with_search(corpus, member):
    assert found(member, category="entertainment", country="FR") == [corpus["title"].title]
    assert found(member, q="music", country="CO") == [corpus["body"].title]
    assert found(member, q="music", operator="orange", tag="retail") == [corpus["title"].title]
    assert found(member, q="music", outcome="worked") == []


def test_drafts_never_appear_in_others_searches(member, other_member):
    LessonFactory(author=member, draft=True, title="Music bundles: unfinished")
    assert found(other_member, q="music") == []
    visible_to_author = Lesson.objects.visible_to(member)
    assert search_lessons(visible_to_author, "music").count() == 1


def test_most_endorsed_sort_puts_the_most_endorsed_first(corpus, member):
    Lesson.objects.filter(pk=corpus["unrelated"].pk).update(endorsement_count=5)
    assert found(member, sort="endorsed")[0] == corpus["unrelated"].title
    assert found(member)[0] == corpus["unrelated"].title  # newest first by default


def test_a_search_of_only_punctuation_finds_nothing_instead_of_failing(corpus, member):
    assert found(member, q="!!! ???") == []


def test_snippets_highlight_matches_and_escape_the_lessons_text(member):
    lesson = LessonFactory(
        author=member,
        title="Music <script>alert(1)</script> launch",
        happened="The music app reached 4% of customers & churned <b>fast</b>.",
    )
    attach_highlights([lesson], "music")
    assert "<mark>" in lesson.title_html and "<script>" not in lesson.title_html
    assert "&lt;script&gt;" in lesson.title_html
    assert "<mark>music</mark>" in lesson.snippet_html.lower()
    assert "<b>" not in lesson.snippet_html and "&amp;" in lesson.snippet_html


@on_postgres
def test_on_postgresql_the_database_maintains_the_search_vector(member):
    lesson = LessonFactory(author=member, title="Carrier billing for games")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document::text, pg_typeof(search_document)::text "
            "FROM lessons_lesson WHERE id = %s",
            [lesson.pk],
        )
        document, type_name = cursor.fetchone()
    assert type_name == "tsvector"
    assert "'carrier':1A" in document and "'bill':2A" in document


@on_postgres
def test_on_postgresql_a_search_uses_the_gin_index(member):
    MembershipFactory()  # a second operator, so the table is not empty of others' lessons
    for number in range(30):
        LessonFactory(author=member, title=f"Lesson number {number}")
    queryset = search_lessons(Lesson.objects.all(), "carrier billing")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "lesson_search_document_gin" in plan


@pytest.mark.parametrize("query", ["sénégal", "senegal", "SÉNÉGAL", "Sénégal dakar"])
def test_a_search_ignores_accents_in_the_query_and_the_lessons(member, other_member, query):
    LessonFactory(author=member, title="Mobile money in Senegal", tried="Launched in Dakar.")
    LessonFactory(author=member, title="Roaming bundles", happened="Sénégal and Côte d'Ivoire.")
    found_titles = found(other_member, q=query)
    expected = {"Mobile money in Senegal"}
    if "dakar" not in query:
        expected.add("Roaming bundles")
    assert set(found_titles) == expected


def test_highlights_mark_a_match_whatever_its_accents(member):
    lesson = LessonFactory(author=member, title="Sénégal: what worked", happened="In Senegal.")
    attach_highlights([lesson], "senegal")
    assert "<mark>Sénégal</mark>" in lesson.title_html
    assert "<mark>Senegal</mark>" in lesson.snippet_html


def test_the_lessons_page_finds_senegal_when_searched_with_accents(client, member, other_member):
    LessonFactory(author=member, title="Prepaid bundles in Senegal")
    client.force_login(other_member)
    html = client.get("/lessons/", {"q": "sénégal"}).content.decode()
    assert "1 lesson matches" in html and "<mark>Senegal</mark>" in html


@on_postgres
def test_on_postgresql_the_vector_and_the_query_drop_accents(member):
    lesson = LessonFactory(author=member, title="Côte d'Ivoire résumé")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document::text FROM lessons_lesson WHERE id = %s", [lesson.pk]
        )
        (document,) = cursor.fetchone()
        cursor.execute(
            "SELECT websearch_to_tsquery('english_unaccent', 'Sénégal')::text, "
            "websearch_to_tsquery('english', 'senegal')::text"
        )
        accented, plain = cursor.fetchone()
    assert "'cote':1A" in document and "'resum':" in document
    assert accented == plain == "'seneg'"


def test_the_country_filter_takes_a_code_in_any_case(corpus, member):
    assert found(member, country="co") == [corpus["body"].title]
