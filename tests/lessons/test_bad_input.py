"""No input breaks a lessons page (issue 10): ids, country codes and tokens from URLs and query
strings go through alliance.params, so nonsense reads as "not found" or "not given", never as a
server error. Runs on PostgreSQL in CI, where a NUL character or an out-of-range id would
otherwise reach the database."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.factories import LessonFactory

HUGE_ID = "9" * 30
EXAMPLES = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Query parameters the lessons pages and API read, with the pages that read them.
QUERY_PAGES = {
    "/lessons/": ["q", "outcome", "category", "country", "partner", "operator", "tag", "sort"],
    "/lessons/new/": ["deal"],
    "/lessons/drafts/": ["page"],
    "/api/v1/lessons/": ["q", "country", "partner", "operator", "tag", "sort", "page"],
}
PARAMETERS = [(path, name) for path, names in QUERY_PAGES.items() for name in names]


@pytest.mark.parametrize("token", ["%00", "%C2%B2", "x" * 300, "..%2F..", "%F0%9F%92%A9"])
def test_a_nonsense_unsubscribe_token_is_not_found(client, token):
    url = f"/lessons/digest/unsubscribe/{token}/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("deal", ["%C2%B2", "%00", "-1", "0", HUGE_ID, "1e3"])
def test_a_nonsense_deal_to_write_a_lesson_about_is_not_found(client, member, deal):
    client.force_login(member)
    assert client.get(f"/lessons/new/?deal={deal}").status_code == 404


def test_nonsense_lesson_ids_are_not_found_on_pages_and_in_the_api(client, member):
    client.force_login(member)
    api = APIClient()
    api.force_authenticate(member)
    assert client.get(f"/lessons/{HUGE_ID}/").status_code == 404
    assert client.post(f"/lessons/{HUGE_ID}/endorse/").status_code == 404
    for lesson_id in ("%C2%B2", HUGE_ID, "0", "abc"):
        assert api.get(f"/api/v1/lessons/{lesson_id}/").status_code == 404
        assert api.post(f"/api/v1/lessons/{lesson_id}/endorse/").status_code == 404


def test_nul_characters_in_filters_are_form_errors(client, member):
    client.force_login(member)
    params = {key: "\x00" for key in QUERY_PAGES["/lessons/"]} | {"page": "\x00"}
    response = client.get("/lessons/", params)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    api = APIClient()
    api.force_authenticate(member)
    assert api.get("/api/v1/lessons/", params).status_code == 400


def test_the_related_lessons_panel_ignores_a_nonsense_partner_and_country(client, member):
    client.force_login(member)
    for partner, country in (("²", "²"), (HUGE_ID, "\x00"), ("\x00", "fr")):
        response = client.post(reverse("deals:create"), {"partner": partner, "country": country})
        assert response.status_code < 500


@pytest.fixture
def a_published_lesson(member):
    return LessonFactory(author=member)


@pytest.mark.parametrize("signed_in", [False, True])
@given(target=st.sampled_from(PARAMETERS), value=st.text(max_size=40))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_string_in_any_query_parameter_is_answered_without_a_server_error(
    client, member, a_published_lesson, signed_in, target, value
):
    if signed_in:
        client.force_login(member)
    path, name = target
    response = client.get(f"{path}?{name}={quote(value, safe='')}")
    assert response.status_code < 500


@given(token=st.text(min_size=1, max_size=80))
@EXAMPLES
def test_any_unsubscribe_token_is_answered_without_a_server_error(client, db, token):
    response = client.get(f"/lessons/digest/unsubscribe/{quote(token, safe='')}/")
    assert response.status_code < 500
