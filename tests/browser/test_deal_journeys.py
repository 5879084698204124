"""The deals journey in a real Chromium (issue 4): a member logs a deal in a country and takes it
to launched; another member sees it on the coverage matrix, within its visibility; the first
member declines another deal and follows the prompt to write a lesson about it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from deals.models import Deal
from tests.browser.conftest import pick_suggestion
from tests.factories import DEFAULT_PASSWORD, OpcoFactory, PartnerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_deal(page: Page, *, partner: str, visibility: str, notes: str = "") -> None:
    page.goto("/deals/new/")
    pick_suggestion(page, "Partner", partner[:3], partner)
    page.get_by_label("Country", exact=True).select_option(label="France")
    page.get_by_label("Deal type").select_option(label="Bundling")
    page.get_by_role("textbox", name="Summary").fill(f"{partner} bundled with Open plans.")
    page.get_by_role("textbox", name="Confidential notes").fill(notes)
    page.get_by_role("radio", name=re.compile(f"^{visibility} —")).check()
    page.get_by_role("button", name="Log the deal").click()
    expect(page.get_by_role("heading", name=f"{partner} × Orange")).to_be_visible()


def move_to(page: Page, stage: str) -> None:
    page.get_by_label("Move to").select_option(label=stage)
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".page-header .badge")).to_have_text(stage)


def test_log_advance_see_on_the_matrix_as_another_member_and_decline_with_a_lesson_prompt(
    page: Page, login, member, other_member, operator
):
    OpcoFactory(operator=operator, country="FR", brand_name="Orange France")
    PartnerFactory(name="Spotify", slug="spotify")
    PartnerFactory(name="Magisto", slug="magisto")

    login(member.email, DEFAULT_PASSWORD)
    log_deal(page, partner="Spotify", visibility="Summary", notes="Floor price 2 EUR.")
    for stage in ("Negotiating", "Signed", "Launched"):
        move_to(page, stage)
    expect(page.get_by_text("Floor price 2 EUR.")).to_be_visible()  # the owner sees the notes
    history = page.locator("table").filter(has_text="logged")
    expect(history.locator("tbody tr")).to_have_count(4)
    expect(page.get_by_role("heading", name="Time in each stage")).to_be_visible()

    # Another deal goes nowhere: declined with a reason, then the lesson prompt.
    log_deal(page, partner="Magisto", visibility="Private")
    page.get_by_role("link", name="Decline the deal…").click()
    page.get_by_label("Why was it declined?").select_option(label="Competing deal in place")
    page.get_by_label("Explanation").fill("A rival video app is preloaded on our handsets.")
    page.get_by_role("button", name="Decline the deal").click()
    expect(page.locator(".page-header .badge")).to_have_text("Declined")
    magisto = Deal.objects.get(partner__slug="magisto")
    prompt = page.get_by_role("link", name="Write a lesson about it")
    expect(prompt).to_have_attribute("href", re.compile(rf"/lessons/new/\?deal={magisto.pk}$"))
    prompt.click()
    expect(page).to_have_url(re.compile(rf"/lessons/new/\?deal={magisto.pk}$"))

    # Millicom's member sees the launched deal on the matrix, as a summary only.
    page.context.clear_cookies()
    login(other_member.email, DEFAULT_PASSWORD)
    page.goto("/deals/coverage/")
    row = page.locator("tr", has=page.get_by_role("link", name="Spotify"))
    expect(row).to_contain_text("Launched")
    expect(row).to_contain_text("Orange")
    expect(page.get_by_role("link", name="Magisto")).to_have_count(0)
    row.get_by_role("link", name="Spotify").click()
    page.locator(".deals-table").get_by_role("link", name="Spotify").click()
    expect(page.get_by_text("shares this deal as a summary")).to_be_visible()
    expect(page.get_by_text("Floor price 2 EUR.")).to_have_count(0)
    expect(page.get_by_text("Spotify bundled with Open plans.")).to_have_count(0)
    assert page.goto(magisto.get_absolute_url()).status == 404
