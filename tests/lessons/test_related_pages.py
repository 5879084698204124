"""Related lessons appear where they matter: beside a partner page, a deal page, a deal form and
a country page (the one-line includes in the partners and deals templates), ranked alike by
one selector: the partner in that country, then the partner, then the country, then the
category."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DealFactory, LessonFactory, PartnerFactory


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


@pytest.fixture
def related_corpus(member, partner):
    """Lessons around Idomoo in France, one per rank of the related-lessons panel (written in
    the reverse order of that rank, so that newest-first alone would get it wrong)."""
    other = PartnerFactory(category="other")
    titles = {
        "category": LessonFactory(
            author=member, title="Same category only", countries=["DE"], partner=other
        ),
        "country": LessonFactory(
            author=member, title="Same country only", countries=["FR"], category="other"
        ),
        "partner": LessonFactory(
            author=member, title="Same partner elsewhere", partner=partner, countries=["DE"]
        ),
        "partner_country": LessonFactory(
            author=member,
            title="Same partner in France",
            partner=partner,
            countries=["FR"],
            category="other",
        ),
    }
    LessonFactory(author=member, title="Unrelated", category="other", countries=["DE"])
    return titles


def related_titles(html: str) -> list[str]:
    panel = html[html.index('class="card related-lessons"') :]
    panel = panel[: panel.index("</section>")]
    return re.findall(r'<a href="/lessons/\d+/">([^<]+)</a>', panel)


def test_the_deal_page_shows_related_lessons_partner_and_country_first(
    client, other_member, member, partner, related_corpus
):
    deal = DealFactory(partner=partner, operator=other_member.membership.operator, country="FR")
    client.force_login(other_member)
    html = client.get(deal.get_absolute_url()).content.decode()
    assert related_titles(html) == [
        "Same partner in France",
        "Same partner elsewhere",
        "Same country only",
        "Same category only",
    ]


def test_partner_and_country_pages_put_their_own_lessons_first(
    client, other_member, partner, related_corpus
):
    client.force_login(other_member)
    partner_page = related_titles(client.get(partner.get_absolute_url()).content.decode())
    country_page = related_titles(
        client.get(reverse("deals:country", args=["FR"])).content.decode()
    )
    # The partner page knows no country: the partner's lessons, then its category's.
    assert set(partner_page[:2]) == {"Same partner in France", "Same partner elsewhere"}
    assert partner_page[2:] == ["Same category only"]
    # The country page knows the country only.
    assert set(country_page) == {"Same partner in France", "Same country only"}


def test_a_summary_deal_shows_related_lessons_to_other_members(
    client, member, other_member, partner, related_corpus
):
    deal = DealFactory(
        partner=partner,
        operator=other_member.membership.operator,
        country="FR",
        visibility="summary",
    )
    client.force_login(member)
    html = client.get(deal.get_absolute_url()).content.decode()
    assert related_titles(html)[0] == "Same partner in France"


def test_the_deal_pages_related_lessons_take_the_same_queries_however_many_lessons(
    client, other_member, member, partner
):
    deal = DealFactory(partner=partner, operator=other_member.membership.operator, country="FR")
    client.force_login(other_member)
    LessonFactory(author=member, partner=partner, countries=["FR"])
    with CaptureQueriesContext(connection) as one_lesson:
        client.get(deal.get_absolute_url())
    for number in range(8):
        LessonFactory(author=member, partner=partner, countries=["FR", "DE"], tags=[f"t{number}"])
    with CaptureQueriesContext(connection) as nine_lessons:
        html = client.get(deal.get_absolute_url()).content.decode()
    assert len(related_titles(html)) == 5
    assert len(nine_lessons) == len(one_lesson)
    # One query per source of candidates (the partner's, the category's; the country's reads
    # lesson countries), then one that ranks them.
    lesson_queries = [q["sql"] for q in nine_lessons if 'FROM "lessons_lesson"' in q["sql"]]
    assert len(lesson_queries) == 3
