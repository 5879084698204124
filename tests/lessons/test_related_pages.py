"""Related lessons appear where they matter: beside a partner page, a deal form and a country
page (the one-line includes in the partners and deals templates)."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import LessonFactory


def test_the_partner_page_shows_lessons_about_the_partner(client, other_member, member, partner):
    LessonFactory(author=member, partner=partner, title="Idomoo videos cut care calls")
    client.force_login(other_member)
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "Related lessons" in html and "Idomoo videos cut care calls" in html


def test_the_deal_form_shows_lessons_about_the_chosen_partner_and_country(
    client, member, other_member, partner
):
    LessonFactory(author=other_member, partner=partner, title="What Millicom learned with Idomoo")
    LessonFactory(author=other_member, title="Video bundles in France", countries=["FR"])
    client.force_login(member)
    response = client.post(reverse("deals:create"), {"partner": partner.pk, "country": "FR"})
    html = response.content.decode()
    assert "Related lessons" in html
    assert html.find("What Millicom learned with Idomoo") < html.find("Video bundles in France")
    assert "What Millicom learned with Idomoo" in html


def test_the_deal_form_survives_nonsense_in_its_fields(client, member):
    client.force_login(member)
    response = client.post(reverse("deals:create"), {"partner": "abc", "country": "<b>"})
    assert response.status_code < 500 and "Related lessons" in response.content.decode()


def test_the_country_page_shows_lessons_about_the_country(client, member, other_member):
    LessonFactory(author=other_member, title="Music in Colombia", countries=["CO"])
    LessonFactory(author=other_member, title="Music in France", countries=["FR"])
    client.force_login(member)
    html = client.get(reverse("deals:country", args=["CO"])).content.decode()
    assert "Music in Colombia" in html and "Music in France" not in html
