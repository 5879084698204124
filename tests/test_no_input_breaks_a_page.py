"""No input breaks a page (issue 10): any string in any URL path parameter or query parameter of
any page or API endpoint is answered without a server error, for an anonymous visitor, a member
and a member of a suspended operator.

Nothing here is a hand-kept list that could go stale: the URL patterns come from the URLconf,
and each view's query parameters from what its module reads (`request.GET.get("x")`,
`query_params.get("x")`, and the fields of the forms, filter sets and serializers it builds from
the query string), plus DRF's `page`, `ordering` and `format`. A new pattern is covered the day
it is added; `test_every_url_pattern_is_fuzzed` fails if one cannot be."""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import pytest
from django.core.cache import cache as django_cache
from django.forms import BaseForm
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters import FilterSet
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from tests.factories import (
    DealFactory,
    LessonFactory,
    MembershipFactory,
    OperatorFactory,
    PartnerFactory,
    bloc_of,
)

# Django's admin is for staff with two-factor authentication: anyone else is sent to sign in
# before a parameter is read, and its views are Django's own.
NOT_FUZZED = {"admin/": "Django's admin, staff only"}
# Values that broke pages in the audit, and their kind: NUL, digits that are not ASCII, numbers
# past bigint, percent-encodings, slashes, a long value, text in other scripts.
HOSTILE = [
    "\x00",
    "²",
    "٣",
    "9" * 30,
    "-1",
    "0",
    "1e3",
    "%00",
    "%2F..%2F",
    "a/b",
    "..",
    "'\"<script>",
    "x" * 20_000,
    " ",
    "😀\u202e",
    "null",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
# Query parameters every page or endpoint may read through shared helpers (pagination) or DRF.
ALWAYS = {"page", "ordering", "q"}
READS = re.compile(r"""(?:GET|query_params|POST)(?:\.get|\.getlist)?[\(\[]\s*["'](\w+)["']""")
BUILT_FROM_QUERY = re.compile(r"(\w+)\(\s*(?:data=)?(?:self\.)?request\.(?:GET|query_params)")
PATH_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class Target:
    route: str  # the pattern as written, from the root: `deals/<int:pk>/`, `api/v1/^deals/$`
    parameters: frozenset[str]  # the query parameters its view reads

    @property
    def has_path_parameters(self) -> bool:
        return PATH_PARAMETER.search(self.route) is not None

    def url(self, value: str) -> str:
        """The URL with `value` in every path parameter (a regex's anchors dropped)."""
        quoted = quote(value, safe="") or "x"
        url = PATH_PARAMETER.sub(lambda _: quoted, self.route)
        return "/" + url.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")


def walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def view_of(pattern: URLPattern):
    callback = pattern.callback
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback


@cache
def names_read_by(view) -> frozenset[str]:
    """The query parameters a view reads, and the fields of what it builds from the query string
    (forms, filter sets, serializers), itself or through the functions of its module it calls."""
    module = sys.modules[view.__module__]
    names: set[str] = set()
    for source in sources_of(view, module):
        names |= set(READS.findall(source))
        for class_name in BUILT_FROM_QUERY.findall(source):
            names |= fields_of(getattr(module, class_name, None))
    return frozenset(names)


def sources_of(view, module) -> list[str]:
    """The source of `view` and of the functions of its module that it calls, transitively."""
    seen, sources, todo = set(), [], [inspect.unwrap(view)]
    while todo:
        function = todo.pop()
        if function in seen:
            continue
        seen.add(function)
        source = inspect.getsource(function)
        sources.append(source)
        for name in re.findall(r"\b(\w+)\(", source):
            called = inspect.unwrap(getattr(module, name, None) or (lambda: None))
            if inspect.isfunction(called) and called.__module__ == module.__name__:
                todo.append(called)
    return sources


def fields_of(thing) -> set[str]:
    if inspect.isclass(thing) and issubclass(thing, FilterSet):
        return set(thing.base_filters)
    if inspect.isclass(thing) and issubclass(thing, BaseForm):
        return set(thing.base_fields)
    if inspect.isclass(thing) and issubclass(thing, serializers.Serializer):
        return set(thing().fields)
    return set()


def query_parameters(pattern: URLPattern) -> frozenset[str]:
    view = view_of(pattern)
    names = set(ALWAYS) | names_read_by(view)
    filterset = getattr(view, "filterset_class", None)
    names |= fields_of(filterset) | set(getattr(view, "filterset_fields", None) or [])
    return frozenset(names)


def targets() -> list[Target]:
    return [
        Target(route, query_parameters(pattern))
        for route, pattern in walk(get_resolver().url_patterns)
        if not route.startswith(tuple(NOT_FUZZED))
    ]


def test_every_url_pattern_is_fuzzed():
    """Every pattern of the URLconf but the admin's is a target, and each target's parameters
    are all replaced (a converter or regex this test cannot read would leave one behind)."""
    routes = [route for route, _ in walk(get_resolver().url_patterns)]
    fuzzed = {target.route for target in targets()}
    assert set(routes) - fuzzed == {r for r in routes if r.startswith(tuple(NOT_FUZZED))}
    for target in targets():
        url = target.url("VALUE")
        assert not re.search(r"[<>(){}\\^$?]", url), (target.route, url)


def test_the_query_parameters_of_views_are_found():
    """A spot check that discovery reads forms, filter sets and `GET.get` alike."""
    by_route = {target.route: target.parameters for target in targets()}
    assert {"q", "category", "country", "sponsor"} <= by_route["partners/"]
    assert {"partner", "country", "introduction"} <= by_route["deals/new/"]
    assert {"deal"} <= by_route["lessons/new/"]
    assert {"stage", "country", "partner"} <= by_route["api/v1/^deals/$"]
    assert {"countries", "region", "platform"} <= by_route["api/v1/coverage-finder/"]


@pytest.fixture
def world(db):
    """Something on every kind of page: a member of Orange (in a bloc), a member of a suspended
    operator, a partner, deals and a lesson."""
    orange = OperatorFactory(name="Orange", slug="orange", hq_country="FR")
    telia = OperatorFactory(name="TeliaSonera", slug="teliasonera", hq_country="SE")
    suspended = OperatorFactory(name="MTS", slug="mts", hq_country="RU", status="suspended")
    member = MembershipFactory(operator=orange, user__email="member@orange.example").user
    suspended_member = MembershipFactory(operator=suspended, user__email="member@mts.example").user
    bloc_of(orange, telia, name="M2M bloc", slug="m2m-bloc")
    partner = PartnerFactory(name="Spotify", slug="spotify")
    deal = DealFactory(operator=orange, partner=partner, country="FR")
    LessonFactory(author=member, deal=deal, partner=partner)
    return {"anonymous": None, "member": member, "suspended member": suspended_member}


PERSONAS = ["anonymous", "member", "suspended member"]
# Bounded and the same on every run: a few examples, no shrinking, no example database.
SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("persona", PERSONAS)
@given(value=VALUES)
@example(value="\x00")
@example(value="²")
@settings(SETTINGS, max_examples=1)
def test_no_string_in_the_parameters_of_any_page_is_a_server_error(client, world, persona, value):
    """The value in every path parameter and every query parameter at once; a POST too where
    the path has a parameter. `page` is left out: an invalid page answers 404 before a list is
    read, which would hide what the other parameters do (the next test sends it alone)."""
    user = world[persona]
    if user is not None:
        client.force_login(user)
    django_cache.clear()  # rate limits count per example, not across them
    for target in targets():
        url = target.url(value)
        query = dict.fromkeys(target.parameters - {"page"}, value)
        assert client.get(url, query).status_code < 500, (persona, "GET", url, query)
        if target.has_path_parameters:
            assert client.post(url).status_code < 500, (persona, "POST", url)


@given(value=VALUES)
@example(value="\x00")
@settings(SETTINGS, max_examples=1)
def test_no_string_in_any_query_parameter_alone_is_a_server_error(client, world, value):
    """Each query parameter on its own, as a member: with several at once, the first one a form
    refuses hides what the others would do. Pages with a path parameter are left to the test
    above: with this value in their path they answer 404 before reading the query."""
    client.force_login(world["member"])
    django_cache.clear()
    for target in targets():
        if target.has_path_parameters:
            continue
        url = target.url(value)
        for name in target.parameters:
            assert client.get(url, {name: value}).status_code < 500, (url, name, value)
