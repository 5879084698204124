"""Each rule of lessons lives in lessons.services and reads the same on every surface (issue 9):
the same refusal, with the same status code and the same sentence, on the page and in the API,
and nothing written. Adding a surface means adding one function to SURFACES."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.models import Operator
from lessons.models import Comment, Endorsement, Lesson
from tests.factories import DealFactory, LessonFactory

ANSWERS = {
    "title": "Selling music bundles in Colombia",
    "outcome": "worked",
    "tried": "A music bundle on prepaid.",
    "happened": "Take-up tripled.",
    "why": "Carrier billing.",
    "recommendation": "Lead with carrier billing.",
    "category": "entertainment",
}


@dataclass
class Answer:
    status: int
    text: str


def page(client, user, method: str, url: str, data=None) -> Answer:
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    return Answer(response.status_code, html.unescape(response.content.decode()))


def api(user, method: str, url: str, data=None) -> Answer:
    client = APIClient()
    client.force_authenticate(user)
    response = getattr(client, method)(url, data or {}, format="json")
    return Answer(response.status_code, str(response.json()))


def suspend(operator) -> None:
    Operator.objects.filter(pk=operator.pk).update(status=Operator.Status.SUSPENDED)


def test_a_suspended_operator_writes_no_lesson_anywhere(client, member, operator):
    suspend(operator)
    member.refresh_from_db()
    sentence = (
        "Orange is suspended: its people can read the portal but not change anything until it "
        "is reinstated."
    )
    answers = [
        page(client, member, "get", reverse("lessons:create")),
        page(client, member, "post", reverse("lessons:create"), {**ANSWERS, "action": "draft"}),
        api(member, "post", "/api/v1/lessons/", ANSWERS),
    ]
    assert [a.status for a in answers] == [403, 403, 403]
    assert all(sentence in a.text for a in answers)
    assert not Lesson.objects.exists()


def test_a_suspended_operator_neither_endorses_nor_comments(
    client, published_lesson, other_member, other_operator
):
    suspend(other_operator)
    other_member.refresh_from_db()
    endorse = reverse("lessons:endorse", args=[published_lesson.pk])
    comment = reverse("lessons:comment", args=[published_lesson.pk])
    api_url = f"/api/v1/lessons/{published_lesson.pk}"
    answers = [
        page(client, other_member, "post", endorse),
        page(client, other_member, "post", comment, {"body": "Same here"}),
        api(other_member, "post", f"{api_url}/endorse/"),
        api(other_member, "post", f"{api_url}/comments/", {"body": "Same here"}),
    ]
    assert [a.status for a in answers] == [403, 403, 403, 403]
    assert all("Millicom is suspended" in a.text for a in answers)
    assert not Endorsement.objects.exists() and not Comment.objects.exists()


RULES = {
    # rule: (who, what page, what API call, status, sentence)
    "only the author changes a lesson": (
        "manager",
        lambda lesson: ("post", reverse("lessons:edit", args=[lesson.pk]), ANSWERS),
        lambda lesson: ("patch", f"/api/v1/lessons/{lesson.pk}/", {"title": "Taken over"}),
        403,
        "Only the author of a lesson may change it.",
    ),
    "a lesson is published once": (
        "member",
        lambda lesson: ("post", reverse("lessons:publish", args=[lesson.pk]), None),
        lambda lesson: ("post", f"/api/v1/lessons/{lesson.pk}/publish/", None),
        409,
        "This lesson is already published.",
    ),
    "nobody endorses their own lesson": (
        "member",
        lambda lesson: ("post", reverse("lessons:endorse", args=[lesson.pk]), None),
        lambda lesson: ("post", f"/api/v1/lessons/{lesson.pk}/endorse/", None),
        403,
        "You cannot endorse your own lesson.",
    ),
}


@pytest.mark.parametrize("rule", list(RULES))
def test_each_rule_refuses_alike_on_the_page_and_in_the_api(
    request, client, published_lesson, rule
):
    who, on_page, on_api, status, sentence = RULES[rule]
    user = request.getfixturevalue(who)
    before = Lesson.objects.values().get(pk=published_lesson.pk)
    answers = [page(client, user, *on_page(published_lesson)), api(user, *on_api(published_lesson))]
    assert [a.status for a in answers] == [status, status]
    assert all(sentence in a.text for a in answers)
    assert Lesson.objects.values().get(pk=published_lesson.pk) == before
    assert not Endorsement.objects.exists()


def test_comments_on_a_draft_are_refused_alike(client, draft_lesson, member):
    answers = [
        page(
            client,
            member,
            "post",
            reverse("lessons:comment", args=[draft_lesson.pk]),
            {"body": "Hi"},
        ),
        api(member, "post", f"/api/v1/lessons/{draft_lesson.pk}/comments/", {"body": "Hi"}),
    ]
    assert [a.status for a in answers] == [409, 409]
    assert all("Comments are open once a lesson is published." in a.text for a in answers)
    assert not Comment.objects.exists()


def test_a_lesson_is_linked_to_its_authors_operators_deals_only(
    client, member, other_member, partner
):
    theirs = DealFactory(partner=partner, operator=other_member.membership.operator)
    sentence = "A lesson can be linked only to one of your operator's deals."
    lesson = LessonFactory(author=member)
    answers = [
        page(client, member, "get", reverse("lessons:create") + f"?deal={theirs.pk}"),
        api(member, "post", "/api/v1/lessons/", {**ANSWERS, "deal": theirs.pk}),
        api(member, "patch", f"/api/v1/lessons/{lesson.pk}/", {"deal": theirs.pk}),
    ]
    assert [a.status for a in answers] == [400, 400, 400]
    assert all(sentence in a.text for a in answers)
    assert not Lesson.objects.filter(deal__isnull=False).exists()
