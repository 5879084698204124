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
from hypothesis import HealthCheck, example, given, settings
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
ALWAYS = {"page", "ordering", "format", "q"}
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
def names_read_by_module(module_name: str) -> frozenset[str]:
    """The query parameters a module's views read, and the fields of what they build from the
    query string (forms, filter sets, serializers)."""
    module = sys.modules[module_name]
    source = inspect.getsource(module)
    names = set(READS.findall(source))
    for class_name in BUILT_FROM_QUERY.findall(source):
        names |= fields_of(getattr(module, class_name, None))
    return frozenset(names)


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
    names = set(ALWAYS) | names_read_by_module(view.__module__)
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


@pytest.mark.parametrize("persona", PERSONAS)
@given(value=VALUES)
@example(value="\x00")
@example(value="²")
@example(value="9" * 30)
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_string_in_any_parameter_is_a_server_error(client, world, persona, value):
    user = world[persona]
    if user is not None:
        client.force_login(user)
    django_cache.clear()  # rate limits count per test case, not across the examples
    for target in targets():
        url = target.url(value)
        query = dict.fromkeys(target.parameters, value)
        response = client.get(url, query)
        assert response.status_code < 500, (persona, "GET", url, query)
        if target.has_path_parameters:
            response = client.post(url)
            assert response.status_code < 500, (persona, "POST", url)
