"""A page offers only the actions its viewer may take (issue 11, point 6): templates ask the one
"may write" predicate (`can_contribute`, from the context processor) and, for "my" pages, whether
the viewer has a membership. The crawl (tests/browser/test_crawl.py) checks every link; this
matrix pins the links the issue named, for each persona."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.models import Operator
from tests.factories import MembershipFactory, OperatorFactory

pytestmark = pytest.mark.django_db

SHARE_A_LESSON = reverse("lessons:create")
LOG_A_DEAL = reverse("deals:create")
MY_PIPELINE = reverse("deals:pipeline")
MY_DRAFTS = reverse("lessons:drafts")


@pytest.fixture
def suspended_member(db):
    operator = OperatorFactory(name="Rogers", slug="rogers", status=Operator.Status.SUSPENDED)
    return MembershipFactory(operator=operator, user__email="member@rogers.example").user


def links_on(client, user, url_name: str) -> str:
    client.force_login(user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return response.content.decode()


# (page, link): offered to the member, to the member of a suspended operator, to staff
MATRIX = [
    ("alliance:dashboard", SHARE_A_LESSON, True, False, False),
    ("lessons:list", SHARE_A_LESSON, True, False, False),
    ("lessons:list", MY_DRAFTS, True, True, False),
    ("lessons:drafts", SHARE_A_LESSON, True, False, False),
    ("deals:list", LOG_A_DEAL, True, False, False),
    ("deals:list", MY_PIPELINE, True, True, False),
]


@pytest.mark.parametrize(("page", "link", "to_member", "to_suspended", "to_staff"), MATRIX)
def test_a_page_offers_a_link_only_to_those_it_works_for(
    client, member, suspended_member, admin_user, page, link, to_member, to_suspended, to_staff
):
    for user, offered in ((member, to_member), (suspended_member, to_suspended)):
        assert (f'href="{link}"' in links_on(client, user, page)) == offered, user.email
    assert (f'href="{link}"' in links_on(client, admin_user, page)) == to_staff


def test_the_links_offered_work_for_their_viewer(client, member, suspended_member):
    client.force_login(member)
    assert client.get(SHARE_A_LESSON).status_code == 200
    assert client.get(LOG_A_DEAL).status_code == 200
    client.force_login(suspended_member)
    assert client.get(MY_PIPELINE).status_code == 200
    assert client.get(MY_DRAFTS).status_code == 200


def test_the_author_of_a_lesson_is_offered_to_edit_it_only_while_they_may_write(
    client, suspended_member
):
    from tests.factories import LessonFactory

    lesson = LessonFactory(author=suspended_member, operator=suspended_member.membership.operator)
    client.force_login(suspended_member)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert reverse("lessons:edit", args=[lesson.pk]) not in page
