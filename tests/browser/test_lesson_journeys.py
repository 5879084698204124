"""Browser journeys of the lessons app: a member writes a lesson from a declined deal and
publishes it; another member finds it through search, endorses it and comments, without the page
reloading (htmx)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def declined_deal(member, operator):
    from deals.models import Deal, Stage
    from partners.models import Partner

    partner = Partner.objects.create(
        name="Idomoo",
        website="https://idomoo.example",
        category="communication",
        description="Personalised video for operators' customers.",
        hq_country="IL",
        contact_name="Dana",
        contact_email="dana@idomoo.example",
        status=Partner.Status.ACTIVE,
    )
    return Deal.objects.create(
        partner=partner,
        operator=operator,
        country="FR",
        stage=Stage.DECLINED,
        deal_type="bundling",
        summary="Personalised welcome videos bundled with new postpaid plans.",
        decline_reason="commercial_terms",
        decline_explanation="The per-video price made it too expensive beyond a pilot.",
    )


@pytest.mark.django_db(transaction=True)
def test_a_lesson_from_a_declined_deal_is_found_endorsed_and_discussed(
    page: Page, login, member, other_member, declined_deal
):
    login(member.email, DEFAULT_PASSWORD)
    page.goto(declined_deal.get_absolute_url())
    page.get_by_role("link", name="Write a lesson about it").click()

    # The guided form starts from the deal: title, outcome, partner, country and the reason.
    expect(page.get_by_label("Title")).to_have_value("Idomoo in France: why we declined")
    expect(page.get_by_label("Did not work")).to_be_checked()
    expect(page.get_by_label("Why? (the root cause)")).to_have_value(
        "The per-video price made it too expensive beyond a pilot."
    )
    expect(page.get_by_label("What did you try?")).to_have_value(
        "Personalised welcome videos bundled with new postpaid plans."
    )
    page.get_by_role("button", name="Publish").click()
    # Only the member can say what they would do differently: the form asks for it.
    expect(page.locator("#id_recommendation_error")).to_have_text("This field is required.")

    page.get_by_label("What would you do differently?").fill(
        "Negotiate a flat yearly fee before the pilot, not after."
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="Idomoo in France: why we declined")).to_be_visible()
    expect(
        page.get_by_text("Your lesson is published: every member can now find it.")
    ).to_be_visible()
    page.locator(".nav__account summary").click()
    page.get_by_role("button", name="Sign out").click()

    # Another member finds it by searching for a word of its body, in another form ("pilots").
    login(other_member.email, DEFAULT_PASSWORD)
    page.goto("/lessons/")
    page.get_by_role("searchbox", name="Search lessons").fill("pilots")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 lesson matches “pilots”.")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    page.get_by_role("link", name=re.compile("why we declined")).click()

    # Endorse and comment: the page is not reloaded (a marker set on the window survives).
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("button", name="We saw this too").click()
    expect(page.get_by_text("You endorsed this lesson.")).to_be_visible()
    expect(page.locator("#endorsements")).to_contain_text("Millicom")
    page.get_by_label("Your comment").fill("Same with <b>per-unit</b> pricing in Colombia.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comments")).to_contain_text(
        "Same with <b>per-unit</b> pricing in Colombia."
    )
    expect(page.get_by_role("heading", name="Comments (1)")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True
