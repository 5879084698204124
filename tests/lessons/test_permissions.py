"""Who may see and do what with lessons, as a matrix over the personas, for pages and the API:
drafts are their author's alone; published lessons are every member's, changed by their author
only; staff read but do not write; anonymous visitors are sent to sign in (pages) or refused
(API). A refusal has the same status on a page and in the API: 403 may not, 409 not now."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import PERSONAS

DRAFT_DETAIL = {
    "member": 200,
    "manager": 404,
    "other_member": 404,
    "other_manager": 404,
    "admin_user": 404,
}
PUBLISHED_DETAIL = {name: 200 for name in DRAFT_DETAIL}
# Another's draft is not found; another's published lesson is seen but not theirs to edit.
EDIT_DRAFT = {
    "member": 200,
    "manager": 404,
    "other_member": 404,
    "other_manager": 404,
    "admin_user": 404,
}
EDIT_PUBLISHED = {
    "member": 200,
    "manager": 403,
    "other_member": 403,
    "other_manager": 403,
    "admin_user": 403,
}
# Endorsing: the author may not endorse their own lesson, staff do not write (both 403).
ENDORSE = {
    "member": 403,
    "manager": 302,
    "other_member": 302,
    "other_manager": 302,
    "admin_user": 403,
}
COMMENT = {
    "member": 302,
    "manager": 302,
    "other_member": 302,
    "other_manager": 302,
    "admin_user": 403,
}


def expect(table: dict, persona_name: str, status: int) -> None:
    if persona_name == "anonymous":
        assert status == 302  # to the login page
    else:
        assert status == table[persona_name]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_draft_pages_are_the_authors_alone(request, persona, client_for, draft_lesson):
    name = request.node.callspec.params["persona"]
    client = client_for(persona)
    expect(DRAFT_DETAIL, name, client.get(draft_lesson.get_absolute_url()).status_code)
    edit = client.get(reverse("lessons:edit", args=[draft_lesson.pk]))
    expect(EDIT_DRAFT, name, edit.status_code)
    if persona is not None:
        listed = client.get(reverse("lessons:drafts")).content.decode()
        assert (draft_lesson.title in listed) == (name == "member")


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_published_lessons_are_read_by_every_member(request, persona, client_for, published_lesson):
    name = request.node.callspec.params["persona"]
    client = client_for(persona)
    response = client.get(published_lesson.get_absolute_url())
    expect(PUBLISHED_DETAIL, name, response.status_code)
    if persona is None:
        assert reverse("account_login") in response.url
    else:
        assert published_lesson.title in client.get(reverse("lessons:list")).content.decode()
    edit = client.get(reverse("lessons:edit", args=[published_lesson.pk]))
    expect(EDIT_PUBLISHED, name, edit.status_code)
    if name in ("manager", "other_member", "other_manager"):
        assert "Only the author of a lesson may change it." in edit.content.decode()


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_who_may_endorse_and_comment(request, persona, client_for, published_lesson):
    name = request.node.callspec.params["persona"]
    client = client_for(persona)
    endorse = client.post(reverse("lessons:endorse", args=[published_lesson.pk]))
    comment = client.post(
        reverse("lessons:comment", args=[published_lesson.pk]), {"body": "Seen it"}
    )
    expect(ENDORSE, name, endorse.status_code)
    expect(COMMENT, name, comment.status_code)
    if name == "admin_user":
        assert "Alliance admins act through the admin pages" in endorse.content.decode()
    if name == "member":
        assert "You cannot endorse your own lesson." in endorse.content.decode()
    if persona is None:
        assert reverse("account_login") in endorse.url and reverse("account_login") in comment.url


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_nobody_endorses_or_comments_on_a_draft(request, persona, client_for, draft_lesson):
    name = request.node.callspec.params["persona"]
    client = client_for(persona)
    endorse = client.post(reverse("lessons:endorse", args=[draft_lesson.pk]))
    comment = client.post(reverse("lessons:comment", args=[draft_lesson.pk]), {"body": "Hi"})
    if name == "member":
        assert endorse.status_code == comment.status_code == 409
    elif persona is None:
        assert endorse.status_code == comment.status_code == 302
    else:
        assert endorse.status_code == comment.status_code == 404
    assert not draft_lesson.endorsements.exists() and not draft_lesson.comments.exists()


def api_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_api_applies_the_same_rules(request, persona, draft_lesson, published_lesson):
    name = request.node.callspec.params["persona"]
    client = api_client(persona)
    draft = client.get(f"/api/v1/lessons/{draft_lesson.pk}/")
    published = client.get(f"/api/v1/lessons/{published_lesson.pk}/")
    endorse = client.post(f"/api/v1/lessons/{published_lesson.pk}/endorse/")
    comment = client.post(f"/api/v1/lessons/{published_lesson.pk}/comments/", {"body": "Seen"})
    if persona is None:
        assert {draft.status_code, published.status_code, endorse.status_code} <= {401, 403}
        return
    assert draft.status_code == DRAFT_DETAIL[name]
    assert published.status_code == 200
    listed = [row["title"] for row in client.get("/api/v1/lessons/").json()["results"]]
    assert (draft_lesson.title in listed) == (name == "member")
    expected_endorse = {302: 201, 403: 403}[ENDORSE[name]]
    assert endorse.status_code == expected_endorse
    assert comment.status_code == (403 if name == "admin_user" else 201)
