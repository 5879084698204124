"""No input breaks a partners page: every id, token, slug and filter read from a URL or a query
string is checked before it reaches the database (`alliance.params`), so a value no object could
have answers 404 or "nothing matches" — never a server error (on PostgreSQL a NUL character in a
query is an error of its own)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from partners import services
from tests.factories import OpcoFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["%00", "%C2%B2", "99999999999999999999999", "-1", "0", "..", "%F0%9F%92%A9", "x" * 300]


@pytest.fixture
def introduction(active_partner, other_member, operator):
    OpcoFactory(operator=operator, country="FR")
    return services.introduce_partner(
        partner=active_partner, by=other_member, to_operator=operator, countries=["FR"], pitch="x"
    )


@pytest.fixture
def api(member) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


@pytest.mark.parametrize("token", HOSTILE)
def test_a_status_link_with_a_token_no_application_could_have_is_not_found(
    client, application, token
):
    assert client.get(f"/partners/status/{token}/").status_code == 404


def test_a_status_link_with_a_nul_character_is_not_found(client, application):
    """The audit's finding: `/partners/status/%00/` answered 500."""
    assert client.get("/partners/status/%00/").status_code == 404


@pytest.mark.parametrize("pk", ["99999999999999999999999", "9223372036854775808", "0"])
def test_an_introduction_id_no_row_could_have_is_not_found_on_its_pages(
    client, member, introduction, pk
):
    client.force_login(member)
    assert client.get(f"/partners/introductions/{pk}/").status_code == 404
    answer = client.post(f"/partners/introductions/{pk}/answer/", {"decision": "accept"})
    assert answer.status_code == 404
    assert (
        client.post(f"/partners/introductions/{pk}/progress/", {"step": "met"}).status_code == 404
    )


@pytest.mark.parametrize("pk", HOSTILE)
def test_an_introduction_id_no_row_could_have_is_not_found_in_the_api(api, introduction, pk):
    assert api.get(f"/api/v1/introductions/{pk}/").status_code == 404
    assert api.post(f"/api/v1/introductions/{pk}/accept/", {}, format="json").status_code == 404


@pytest.mark.parametrize("slug", HOSTILE)
def test_a_partner_slug_no_partner_could_have_is_not_found_in_the_api(api, active_partner, slug):
    assert api.get(f"/api/v1/partners/{slug}/").status_code == 404


@pytest.mark.parametrize("name", ["partner", "from_operator", "to_operator"])
def test_an_introduction_filter_on_a_slug_no_row_could_have_matches_nothing(
    api, introduction, name
):
    for value in HOSTILE:
        response = api.get(f"/api/v1/introductions/?{name}={value}")
        assert response.status_code in (200, 400), value
        if response.status_code == 200:
            assert response.json()["count"] == 0, value


@pytest.mark.parametrize("name", ["sponsor", "country", "status", "category", "q", "page"])
def test_a_partner_list_filter_with_a_hostile_value_is_never_a_server_error(
    api, active_partner, name
):
    for value in HOSTILE:
        assert api.get(f"/api/v1/partners/?{name}={value}").status_code in (200, 400, 404), value


@pytest.mark.parametrize("name", ["sponsor", "country", "status", "category", "q", "page"])
def test_the_directory_ignores_a_hostile_filter_value(client, member, active_partner, name):
    client.force_login(member)
    for value in HOSTILE:
        assert client.get(f"{reverse('partners:list')}?{name}={value}").status_code == 200, value


@pytest.mark.parametrize("name", ["box", "status", "page"])
def test_the_introductions_inbox_ignores_a_hostile_filter_value(client, member, introduction, name):
    client.force_login(member)
    for value in HOSTILE:
        url = f"{reverse('partners:introductions')}?{name}={value}"
        assert client.get(url).status_code == 200, value


# Every parameter the partners pages and API read from a path or a query string, as a template.
PATH_TEMPLATES = [
    "/partners/status/{}/",
    "/partners/introductions/{}/",
    "/api/v1/introductions/{}/",
    "/api/v1/partners/{}/",
    "/partners/?q={0}&category={0}&country={0}&status={0}&sponsor={0}&page={0}",
    "/partners/introductions/?box={0}&status={0}&page={0}",
    "/partners/review/?page={}",
    "/api/v1/partners/?q={0}&category={0}&country={0}&status={0}&sponsor={0}&page={0}",
    "/api/v1/introductions/?partner={0}&from_operator={0}&to_operator={0}&status={0}&box={0}",
]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=40))
def test_no_string_in_any_partners_parameter_is_a_server_error(client, api, member, value):
    client.force_login(member)
    quoted = quote(value, safe="")
    for template in PATH_TEMPLATES:
        url = template.format(quoted or "x")
        fetch = api.get if url.startswith("/api/") else client.get
        assert fetch(url).status_code < 500, url
