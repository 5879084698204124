"""/api/v1/lessons: search and filters, create and publish, endorse and comment, bad input, and
its place in the OpenAPI schema."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from alliance.models import Contribution
from lessons.models import Lesson
from tests.factories import LessonFactory

NEW = {
    "title": "Carrier billing doubled game purchases",
    "outcome": "worked",
    "tried": "Carrier billing for a games store.",
    "happened": "Purchases doubled in three months.",
    "why": "Most prepaid customers have no card.",
    "recommendation": "Offer carrier billing first.",
    "category": "payments_fintech",
    "countries": ["IN", "CO"],
    "tags": ["carrier billing", "games"],
}


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


def test_creating_and_publishing_a_lesson_through_the_api(api, member, operator):
    created = api.post("/api/v1/lessons/", NEW, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["operator"] == "orange"
    assert sorted(body["countries"]) == ["CO", "IN"] and sorted(body["tags"]) == [
        "carrier billing",
        "games",
    ]

    published = api.post(f"/api/v1/lessons/{body['id']}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert Contribution.objects.filter(operator=operator, kind="lesson_published").count() == 1
    again = api.post(f"/api/v1/lessons/{body['id']}/publish/")
    assert again.status_code == 409 and again.json() == {
        "detail": "This lesson is already published.",
        "code": "conflict",
    }


def test_bad_input_gets_field_errors_not_a_server_error(api):
    response = api.post(
        "/api/v1/lessons/",
        {**NEW, "tried": "x" * 100_000, "countries": ["XX"], "outcome": "", "tags": ["t"] * 11},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert {"tried", "countries", "outcome", "tags"} <= set(errors)
    assert not Lesson.objects.exists()


def test_search_filters_and_snippets(api, member, other_member):
    LessonFactory(
        author=other_member,
        title="Music streaming bundles",
        tried="A music bundle on prepaid.",
        countries=["CO"],
    )
    LessonFactory(author=member, title="Security apps", tried="No music here", countries=["FR"])
    response = api.get("/api/v1/lessons/", {"q": "music", "country": "CO"})
    results = response.json()["results"]
    assert [row["title"] for row in results] == ["Music streaming bundles"]
    assert "<mark>music</mark>" in results[0]["snippet"].lower()
    assert api.get("/api/v1/lessons/", {"outcome": "bogus"}).status_code == 400


def test_endorsing_and_commenting_through_the_api(published_lesson, other_member, other_operator):
    client = APIClient()
    client.force_authenticate(other_member)
    url = f"/api/v1/lessons/{published_lesson.pk}"
    assert client.post(f"{url}/endorse/").json() == {"endorsement_count": 1}
    twice = client.post(f"{url}/endorse/")
    assert twice.status_code == 409 and "already endorsed" in twice.json()["detail"]

    assert client.post(f"{url}/comments/", {"body": ""}).status_code == 400
    assert client.post(f"{url}/comments/", {"body": "x" * 6000}).status_code == 400
    posted = client.post(f"{url}/comments/", {"body": "Saw the same in Bolivia"})
    assert posted.status_code == 201 and posted.json()["operator"] == "millicom"
    assert [c["body"] for c in client.get(f"{url}/comments/").json()] == ["Saw the same in Bolivia"]
    assert Contribution.objects.filter(operator=other_operator).count() == 2


def test_only_the_author_may_change_a_lesson(published_lesson, member, other_member):
    other = APIClient()
    other.force_authenticate(other_member)
    assert (
        other.patch(
            f"/api/v1/lessons/{published_lesson.pk}/", {"title": "Hijacked title"}
        ).status_code
        == 403
    )
    author = APIClient()
    author.force_authenticate(member)
    changed = author.patch(
        f"/api/v1/lessons/{published_lesson.pk}/", {"why": "Better reason"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["why"] == "Better reason"
    assert published_lesson.revisions.count() == 1


def test_the_api_is_in_the_openapi_schema(client, member):
    client.force_login(member)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "/api/v1/lessons/" in paths
    assert "/api/v1/lessons/{id}/endorse/" in paths
    assert "/api/v1/lessons/{id}/comments/" in paths
    names = {p["name"] for p in paths["/api/v1/lessons/"]["get"]["parameters"]}
    assert {"q", "outcome", "category", "country", "partner", "operator", "tag", "sort"} <= names


def test_api_list_takes_a_constant_number_of_queries(api, member, django_assert_max_num_queries):
    for number in range(30):
        LessonFactory(
            author=member, title=f"Lesson {number}", countries=["FR"], tags=[f"t{number}"]
        )
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/lessons/", {"q": "lesson"}).status_code == 200


def test_a_lesson_can_be_linked_to_one_of_ones_own_deals_only(api, declined_deal, other_member):
    created = api.post("/api/v1/lessons/", {**NEW, "deal": declined_deal.pk}, format="json")
    assert created.status_code == 201 and created.json()["deal"] == declined_deal.pk
    other = APIClient()
    other.force_authenticate(other_member)
    refused = other.post("/api/v1/lessons/", {**NEW, "deal": declined_deal.pk}, format="json")
    assert refused.status_code == 400 and "deal" in refused.json()
