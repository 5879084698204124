"""The lesson form's partner and the following page's partners are typed (name, slug or id) with
suggestions of the partners the member sees: no list of every partner, so both pages stay small
and their queries constant however many partners the alliance has."""

from __future__ import annotations

from django.urls import reverse

from lessons.models import Follow, Lesson
from tests.factories import PartnerFactory

FORM = {
    "title": "Personalised video: what we learned",
    "outcome": "worked",
    "tried": "Welcome videos for new postpaid customers.",
    "happened": "Churn in the first month fell.",
    "why": "Customers understood their first bill.",
    "recommendation": "Send it before the first bill.",
    "category": "entertainment",
    "countries": ["FR"],
    "action": "publish",
}


def test_a_lesson_names_its_partner_by_name_without_javascript(client, member, partner):
    client.force_login(member)
    response = client.post(reverse("lessons:create"), {**FORM, "partner": "idomoo"})
    assert response.status_code == 302 and Lesson.objects.get().partner == partner


def test_a_lesson_about_an_unknown_partner_says_what_to_fix(client, member, partner):
    client.force_login(member)
    response = client.post(reverse("lessons:create"), {**FORM, "partner": "Idomo"})
    assert response.status_code == 422 and not Lesson.objects.exists()
    assert "No partner named “Idomo” that you can see" in response.content.decode()


def test_a_lesson_written_from_a_deal_types_the_deals_partner(client, member, declined_deal):
    client.force_login(member)
    page = client.get(reverse("lessons:create"), {"deal": declined_deal.pk})
    assert page.context["form"]["partner"].value() == declined_deal.partner.slug
    assert f'value="{declined_deal.partner.slug}"' in page.content.decode()


def test_the_lesson_form_lists_no_partner_with_300_partners(
    client, member, django_assert_max_num_queries
):
    PartnerFactory.create_batch(300, countries=[])
    client.force_login(member)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("lessons:create"))
    assert len(page.content) < 100_000 and "Partner Startup 150" not in page.content.decode()


def test_a_member_follows_a_partner_typed_by_name(client, member, partner):
    client.force_login(member)
    response = client.post(reverse("lessons:following"), {"add_partner": "Idomoo"})
    assert response.status_code == 302
    assert [f.partner for f in Follow.objects.filter(user=member)] == [partner]


def test_the_following_page_ticks_the_partners_followed_to_unfollow_them(client, member, partner):
    Follow.objects.create(user=member, partner=partner)
    client.force_login(member)
    page = client.get(reverse("lessons:following")).content.decode()
    assert f'value="{partner.pk}"' in page and "checked" in page and "Follow a partner" in page
    client.post(reverse("lessons:following"), {"countries": ["FR"]})
    assert not Follow.objects.filter(user=member, partner=partner).exists()


def test_the_following_page_lists_no_partner_with_300_partners(
    client, member, django_assert_max_num_queries
):
    PartnerFactory.create_batch(300, countries=[])
    client.force_login(member)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("lessons:following"))
    assert len(page.content) < 100_000 and "Partner Startup 150" not in page.content.decode()
