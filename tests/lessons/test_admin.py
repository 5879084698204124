"""The lessons admin shows staff no more than members see (issue 10.2): somebody's draft is its
title and author only, unchangeable, and never found by its text or its outcome; a lesson's
deal is named only when staff may see that deal with its details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lessons.models import Lesson
from tests.factories import DealFactory, LessonFactory

DRAFT_TEXT = "Our unpublished churn numbers for the pilot"


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def draft(member):
    return LessonFactory(
        author=member,
        draft=True,
        title="Zero-rating, first thoughts",
        outcome="worked",
        category="security_privacy",
        tried=DRAFT_TEXT,
        countries=["FR"],
    )


def test_a_draft_shows_staff_its_title_and_author_only(staff, draft, member):
    page = staff.get(reverse("admin:lessons_lesson_change", args=[draft.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert draft.title in html and str(member) in html
    for hidden in (DRAFT_TEXT, draft.happened, draft.why, draft.recommendation, "Security"):
        assert hidden not in html
    assert 'name="_save"' not in html


def test_staff_cannot_change_a_draft(staff, draft):
    response = staff.post(
        reverse("admin:lessons_lesson_change", args=[draft.pk]),
        {"title": "Renamed by staff", "author": draft.author_id, "status": "published"},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Zero-rating, first thoughts" and draft.status == "draft"


def test_the_list_shows_a_drafts_title_but_not_its_outcome_or_category(staff, draft):
    html = staff.get(reverse("admin:lessons_lesson_changelist")).content.decode()
    table = html.split('id="result_list"')[1].split("</table>")[0]
    assert draft.title in table
    assert "Worked" not in table and "Security" not in table


def test_staff_find_a_draft_by_title_only_and_published_lessons_by_their_text(staff, draft, member):
    published = LessonFactory(author=member, title="Carrier billing", tried=DRAFT_TEXT)
    url = reverse("admin:lessons_lesson_changelist")
    by_text = staff.get(url, {"q": "unpublished churn"}).context["cl"].result_list
    by_title = staff.get(url, {"q": "first thoughts"}).context["cl"].result_list
    assert list(by_text) == [published] and list(by_title) == [draft]


def test_filtering_by_outcome_or_category_never_matches_a_draft(staff, draft, member):
    LessonFactory(author=member, outcome="did_not_work", category="security_privacy")
    url = reverse("admin:lessons_lesson_changelist")
    for params in ({"outcome__exact": "worked"}, {"category__exact": "security_privacy"}):
        shown = staff.get(url, params).context["cl"].result_list
        assert draft not in list(shown)


@pytest.mark.parametrize(
    ("visibility", "named"), [("private", False), ("summary", False), ("alliance", True)]
)
def test_a_lessons_deal_is_named_only_if_staff_see_its_details(
    staff, member, operator, partner, visibility, named
):
    deal = DealFactory(partner=partner, operator=operator, country="FR", visibility=visibility)
    lesson = LessonFactory(author=member, deal=deal, title="What we learned")
    html = staff.get(reverse("admin:lessons_lesson_change", args=[lesson.pk])).content.decode()
    assert (str(deal) in html) == named
    assert (reverse("admin:deals_deal_change", args=[deal.pk]) in html) == named
    assert 'name="deal"' not in html  # no raw-id input carrying the deal's id


def test_staff_still_change_a_published_lesson_without_touching_its_deal(
    staff, member, operator, partner
):
    deal = DealFactory(partner=partner, operator=operator, country="FR", visibility="private")
    lesson = LessonFactory(author=member, deal=deal)
    page = staff.get(reverse("admin:lessons_lesson_change", args=[lesson.pk]))
    form = page.context["adminform"].form
    assert "deal" not in form.fields and "tried" in form.fields
    assert Lesson.objects.get(pk=lesson.pk).deal == deal
