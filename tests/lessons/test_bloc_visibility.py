"""Who reads a lesson shared with a bloc, on every surface: the list, its page, the API list and
detail, search (page and API), the weekly digest, the related-lessons panel, the dashboard panel
and the admin. Its own operator's people and the bloc persona (a member of another operator of the
bloc) read it; members outside the bloc and staff never learn it exists. Once its operator or the
reader's leaves the bloc, or the bloc is dissolved, only its own operator reads it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.blocs import services as blocs
from alliance.errors import Invalid
from lessons import digest, services
from lessons.models import Lesson
from lessons.tasks import send_weekly_digests
from tests.factories import LessonFactory, bloc_of

TITLE = "Cross-border fleets need one escalation desk"
PERSONAS = ["member", "manager", "bloc_member", "other_member", "other_manager", "admin_user"]
# Who reads the bloc lesson (by Orange's member, shared with Orange and TeliaSonera's bloc).
READERS = {"member", "manager", "bloc_member"}


@pytest.fixture
def bloc_lesson(member, bloc):
    return LessonFactory(
        author=member,
        title=TITLE,
        category="iot_m2m",
        countries=["SE"],
        tags=["sla"],
        tried="Escalation desks per country.",
        visibility="bloc",
        bloc=bloc,
    )


def reads(persona_name: str) -> bool:
    return persona_name in READERS


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_list_and_the_lesson_page_follow_the_bloc(persona, request, client_for, bloc_lesson):
    expected = reads(request.node.callspec.params["persona"])
    client = client_for(persona)
    assert (TITLE in client.get(reverse("lessons:list")).content.decode()) == expected
    page = client.get(reverse("lessons:detail", args=[bloc_lesson.pk]))
    assert page.status_code == (200 if expected else 404)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_api_list_and_detail_follow_the_bloc(persona, request, bloc_lesson):
    expected = reads(request.node.callspec.params["persona"])
    client = api(persona)
    titles = [row["title"] for row in client.get("/api/v1/lessons/").json()["results"]]
    assert (TITLE in titles) == expected
    detail = client.get(f"/api/v1/lessons/{bloc_lesson.pk}/")
    assert detail.status_code == (200 if expected else 404)
    if expected:
        assert (detail.json()["visibility"], detail.json()["bloc"]) == ("bloc", "m2m-bloc")


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_search_finds_a_bloc_lesson_for_its_readers_only(persona, request, client_for, bloc_lesson):
    expected = reads(request.node.callspec.params["persona"])
    page = client_for(persona).get(reverse("lessons:list"), {"q": "escalation"})
    link = reverse("lessons:detail", args=[bloc_lesson.pk])
    assert (f'href="{link}"' in page.content.decode()) == expected
    found = api(persona).get("/api/v1/lessons/", {"q": "escalation"}).json()["results"]
    assert (TITLE in [row["title"] for row in found]) == expected


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_related_lessons_and_the_dashboard_panel_follow_the_bloc(
    persona, request, client_for, bloc_lesson
):
    expected = reads(request.node.callspec.params["persona"])
    client = client_for(persona)
    sweden = client.get(reverse("deals:country", args=["SE"])).content.decode()
    assert (TITLE in sweden) == expected
    dashboard = client.get(reverse("alliance:dashboard")).content.decode()
    assert (TITLE in dashboard) == expected


@pytest.mark.parametrize("persona", ["manager", "bloc_member", "other_member"], indirect=True)
def test_the_weekly_digest_lists_a_bloc_lesson_for_its_readers_only(persona, request, bloc_lesson):
    expected = reads(request.node.callspec.params["persona"])
    digest.set_follows(user=persona, partners=[], countries=["SE"], categories=[])
    send_weekly_digests.delay().get()
    bodies = [message.body for message in mail.outbox if message.to == [persona.email]]
    assert any(TITLE in body for body in bodies) == expected


def test_the_admin_shows_staff_no_bloc_lesson_nor_its_comments(
    client_for, admin_user, bloc_lesson, bloc_member
):
    services.comment_on_lesson(lesson=bloc_lesson, by=bloc_member, body="We saw this at Telia.")
    client = client_for(admin_user)
    listing = client.get(reverse("admin:lessons_lesson_changelist"), {"q": "escalation"})
    assert TITLE not in listing.content.decode()
    change = client.get(reverse("admin:lessons_lesson_change", args=[bloc_lesson.pk]))
    assert change.status_code == 302  # "doesn't exist" → back to the list
    comments = client.get(reverse("admin:lessons_comment_changelist")).content.decode()
    assert "We saw this at Telia." not in comments


# --- Leaving and dissolving ----------------------------------------------------------------------
def visible_to(user) -> bool:
    return Lesson.objects.visible_to(user).filter(title=TITLE).exists()


def test_when_its_operator_leaves_the_bloc_only_its_own_people_read_it(
    manager, member, bloc_member, bloc, bloc_lesson
):
    blocs.leave_bloc(bloc=bloc, by=manager)
    assert not visible_to(bloc_member)
    assert visible_to(member) and visible_to(manager)


def test_when_the_readers_operator_leaves_the_bloc_it_no_longer_reads_it(
    bloc_manager, bloc_member, bloc, bloc_lesson
):
    blocs.leave_bloc(bloc=bloc, by=bloc_manager)
    assert not visible_to(bloc_member)


def test_a_dissolved_blocs_lessons_are_read_by_their_own_operator_only(
    admin_user, manager, bloc_member, bloc, bloc_lesson
):
    blocs.dissolve_bloc(bloc=bloc, by=admin_user, reason="Ended.")
    assert not visible_to(bloc_member)
    assert visible_to(manager)


def test_a_draft_shared_with_a_bloc_is_still_its_authors_alone(member, manager, bloc_member, bloc):
    LessonFactory(author=member, title=TITLE, visibility="bloc", bloc=bloc, draft=True)
    assert visible_to(member)
    assert not visible_to(manager) and not visible_to(bloc_member)


# --- Choosing the bloc ---------------------------------------------------------------------------
LESSON = {
    "title": TITLE,
    "outcome": "worked",
    "tried": "One desk.",
    "happened": "Faster restores.",
    "why": "One owner.",
    "recommendation": "Agree it first.",
    "category": "iot_m2m",
}
NOT_IN_BLOC = "Orange is not an active member of Telia bloc: share only with a bloc it belongs to."


@pytest.fixture
def foreign_bloc(bloc_operator, other_operator):
    return bloc_of(bloc_operator, other_operator, name="Telia bloc", slug="telia-bloc")


def test_a_bloc_the_operator_is_not_in_is_refused_alike_on_the_page_and_in_the_api(
    client_for, member, bloc, foreign_bloc
):
    page = client_for(member).post(
        reverse("lessons:create"),
        {**LESSON, "visibility": "bloc", "bloc": foreign_bloc.pk, "action": "publish"},
    )
    assert page.status_code == 400
    assert page.context["form"].errors == {"bloc": [NOT_IN_BLOC]}
    response = api(member).post(
        "/api/v1/lessons/", {**LESSON, "visibility": "bloc", "bloc": "telia-bloc"}, format="json"
    )
    assert (response.status_code, response.json()) == (400, {"bloc": [NOT_IN_BLOC]})
    assert not Lesson.objects.exists()


def test_a_lesson_shared_with_the_blocs_members_is_published_from_the_form(
    client_for, member, bloc
):
    response = client_for(member).post(
        reverse("lessons:create"),
        {**LESSON, "visibility": "bloc", "bloc": bloc.pk, "action": "publish"},
        follow=True,
    )
    assert "the members of M2M bloc can now find it" in response.content.decode()
    lesson = Lesson.objects.get()
    assert (lesson.visibility, lesson.bloc, lesson.is_published) == ("bloc", bloc, True)


def test_the_lesson_form_offers_only_the_operators_blocs(client_for, member, bloc, foreign_bloc):
    form = client_for(member).get(reverse("lessons:create")).context["form"]
    assert [label for value, label in form.fields["bloc"].widget.choices if value] == ["M2M bloc"]


def test_an_edit_that_leaves_the_bloc_alone_keeps_a_bloc_the_operator_has_left(
    manager, member, bloc, bloc_lesson
):
    blocs.leave_bloc(bloc=bloc, by=manager)
    services.update_lesson(lesson=bloc_lesson, by=member, title="Still ours to read")
    bloc_lesson.refresh_from_db()
    assert (bloc_lesson.title, bloc_lesson.bloc_id) == ("Still ours to read", bloc.pk)
    services.update_lesson(lesson=bloc_lesson, by=member, visibility="alliance")
    with pytest.raises(Invalid, match="not an active member of M2M bloc"):
        services.update_lesson(lesson=bloc_lesson, by=member, visibility="bloc", bloc=bloc)


def test_sharing_a_lesson_with_the_whole_alliance_drops_its_bloc(member, bloc_lesson):
    services.update_lesson(lesson=bloc_lesson, by=member, visibility="alliance")
    bloc_lesson.refresh_from_db()
    assert (bloc_lesson.visibility, bloc_lesson.bloc) == ("alliance", None)


def test_members_outside_every_bloc_are_not_asked_who_reads_the_lesson(
    client_for, other_member, member, bloc
):
    assert (
        "Who reads it"
        not in client_for(other_member).get(reverse("lessons:create")).content.decode()
    )
    assert "Who reads it" in client_for(member).get(reverse("lessons:create")).content.decode()
