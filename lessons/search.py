"""Full-text search over lessons, ignoring case and accents ("sénégal" finds "Senegal").

On PostgreSQL the database keeps a weighted tsvector in the generated column
`Lesson.search_document` (title A, why and recommendation B, what was tried and what happened C),
GIN-indexed, so a search never computes vectors per query: it matches `websearch_to_tsquery`,
ranks with `ts_rank` and highlights with `ts_headline` (for the page's rows only). The text search
configuration `english_unaccent` (migration 0003) is English with the `unaccent` dictionary before
the stemmer, for the document and the query alike; English stemming means "bundles" finds
"bundling".

On SQLite (development and the default test run) the same generated column holds the lower-cased
text and a search matches every word (crudely stemmed, without accents) as a substring of the
document without accents (`lessons_unaccent`, a function registered on each SQLite connection by
`lessons.apps`), ranking title matches first; snippets are cut and highlighted in Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat, Lower
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "english_unaccent"
# The function that removes accents on SQLite (see `unaccent` below).
SQLITE_UNACCENT = "lessons_unaccent"
# Fields of the document, in the order they are concatenated, with their PostgreSQL weight.
DOCUMENT_FIELDS = {
    "title": "A",
    "tried": "C",
    "happened": "C",
    "why": "B",
    "recommendation": "B",
}
BODY_FIELDS = [name for name in DOCUMENT_FIELDS if name != "title"]
# Private-use characters mark highlights inside ts_headline's output, which is then escaped as a
# whole before they become <mark> tags: the lesson's own text can never inject HTML.
_MARK_START, _MARK_END = "\ue000", "\ue001"
SNIPPET_CHARS = 220
MAX_QUERY_LENGTH = 200
# A search ranks (and counts) at most this many matches, the newest: a frequent word matches a
# third of 100,000 lessons, and more words narrow it.
SEARCH_LIMIT = 1_000


class SearchDocumentField(SearchVectorField):
    """A tsvector column on PostgreSQL, plain text elsewhere."""

    def db_type(self, connection) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class LessonSearchDocument(Func):
    """The expression of the generated `search_document` column (see the module docstring)."""

    def __init__(self, config: str = "english") -> None:
        super().__init__(*(F(name) for name in DOCUMENT_FIELDS), output_field=SearchDocumentField())
        self.config = config

    def as_sql(self, compiler, connection, **extra_context):
        parts = [compiler.compile(expression)[0] for expression in self.get_source_expressions()]
        joined = " || ' ' || ".join(f"COALESCE({sql}, '')" for sql in parts)
        return f"LOWER({joined})", []

    def as_postgresql(self, compiler, connection, **extra_context):
        if not re.fullmatch(r"[a-z_]+", self.config):
            raise ValueError(f"Not a text search configuration name: {self.config!r}")
        vectors = []
        for expression, weight in zip(
            self.get_source_expressions(), DOCUMENT_FIELDS.values(), strict=True
        ):
            sql = compiler.compile(expression)[0]
            vectors.append(
                f"setweight(to_tsvector('{self.config}'::regconfig, COALESCE({sql}, '')), "
                f"'{weight}')"
            )
        return " || ".join(vectors), []


@cache
def _unaccent_char(char: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    for candidate in (bare.lower(), char.lower()):
        if len(candidate) == 1:
            return candidate
    return char


def unaccent(text: str) -> str:
    """`text` lower-cased and without accents ("Sénégal" → "senegal"), character for character:
    the result is as long as `text`, so a match found in it is at the same place in `text`."""
    return "".join(_unaccent_char(char) for char in text)


class SqliteUnaccent(Func):
    """`unaccent()` of a text expression in SQL, on SQLite."""

    function = SQLITE_UNACCENT
    output_field = TextField()


def query_terms(query: str) -> list[str]:
    return [term.lower() for term in re.findall(r"\w+", query[:MAX_QUERY_LENGTH])]


_SUFFIXES = ("ing", "ed", "es", "s")


def crude_stem(term: str) -> str:
    """The fallback's stemming: "bundles" and "bundling" both become "bundl", which then matches
    as a substring. PostgreSQL uses its real English stemmer instead."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def _fallback_terms(query: str) -> list[str]:
    return [crude_stem(unaccent(term)) for term in query_terms(query)]


def search_lessons(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to the SEARCH_LIMIT newest lessons matching `query`, annotated with
    `rank` (higher is better): ranking every match of a frequent word (a third of all lessons)
    would read them all for twenty."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not query_terms(query):
        return queryset.annotate(rank=Value(0, output_field=IntegerField())).none()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        matches = queryset.filter(search_document=search_query)
        return _newest(queryset, matches).annotate(
            rank=SearchRank(F("search_document"), search_query)
        )
    terms = _fallback_terms(query)
    queryset = queryset.annotate(
        document_bare=SqliteUnaccent("search_document"), title_bare=SqliteUnaccent(Lower("title"))
    )
    matches = queryset
    for term in terms:
        matches = matches.filter(document_bare__contains=term)
    queryset = _newest(queryset, matches)
    title_hits = [When(Q(title_bare__contains=term), then=Value(1)) for term in terms]
    return queryset.annotate(
        rank=sum(
            (Case(hit, default=Value(0), output_field=IntegerField()) for hit in title_hits),
            start=Value(0),
        )
    )


def _newest(queryset: QuerySet, matches: QuerySet) -> QuerySet:
    """The SEARCH_LIMIT newest of `matches` (by id: the primary key's index gives them in that
    order, drafts and published lessons alike), as a filter of `queryset`."""
    newest = matches.order_by("-pk").values("pk")[:SEARCH_LIMIT]
    return queryset.filter(pk__in=newest)


def attach_highlights(lessons: Iterable, query: str) -> None:
    """Set `title_html` and `snippet_html` (safe HTML with <mark>ed matches) on each lesson of a
    page of results: one query on PostgreSQL, none on SQLite."""
    lessons, query = list(lessons), query.strip()[:MAX_QUERY_LENGTH]
    if not lessons or not query_terms(query):
        return
    if connection.vendor == "postgresql":
        _attach_postgres_headlines(lessons, query)
        return
    terms = _fallback_terms(query)
    for lesson in lessons:
        lesson.title_html = _highlight(lesson.title, terms)
        body = " … ".join(getattr(lesson, name) for name in BODY_FIELDS)
        lesson.snippet_html = _highlight(_window(body, terms), terms)


def _attach_postgres_headlines(lessons: list, query: str) -> None:
    model = type(lessons[0])
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    options = {"config": SEARCH_CONFIG, "start_sel": _MARK_START, "stop_sel": _MARK_END}
    body = Concat(
        *_interleave([F(name) for name in BODY_FIELDS], Value(" … ")), output_field=TextField()
    )
    rows = model.objects.filter(pk__in=[lesson.pk for lesson in lessons]).values_list(
        "pk",
        SearchHeadline("title", search_query, highlight_all=True, **options),
        SearchHeadline(
            body,
            search_query,
            max_fragments=2,
            max_words=30,
            min_words=12,
            fragment_delimiter=" … ",
            **options,
        ),
    )
    headlines = {pk: (title, snippet) for pk, title, snippet in rows}
    for lesson in lessons:
        title, snippet = headlines.get(lesson.pk, (lesson.title, ""))
        lesson.title_html = _marks_to_html(title)
        lesson.snippet_html = _marks_to_html(snippet)


def _interleave(items: list, separator) -> list:
    result = []
    for item in items:
        if result:
            result.append(separator)
        result.append(item)
    return result


def _marks_to_html(text: str) -> SafeString:
    return mark_safe(escape(text).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>"))


def _window(text: str, terms: list[str]) -> str:
    """About SNIPPET_CHARS characters of `text` around the first matching term."""
    bare = unaccent(text)
    positions = [bare.find(term) for term in terms if term in bare]
    start = max(min(positions, default=0) - SNIPPET_CHARS // 3, 0)
    snippet = text[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + snippet + ("…" if start + SNIPPET_CHARS < len(text) else "")


def _highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with each word containing a term wrapped in <mark> (matched before
    escaping, so a term can never land inside an HTML entity; matched without accents, in a copy
    of `text` as long as `text`)."""
    if not terms:
        return escape(text)
    longest_first = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(re.escape(term) for term in longest_first)
    pattern = re.compile(rf"\w*(?:{alternatives})\w*")
    pieces, last = [], 0
    for match in pattern.finditer(unaccent(text)):
        start, end = match.span()
        pieces += [escape(text[last:start]), f"<mark>{escape(text[start:end])}</mark>"]
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))
