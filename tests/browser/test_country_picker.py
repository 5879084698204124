"""The country picker in a real Chromium (issue 11, point 7): searchable, usable with the keyboard
alone and on a phone, offering the valid set — the recipient's footprint on the introduce form,
the member's own footprint first on the lesson form."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from partners.models import Introduction
from tests.factories import DEFAULT_PASSWORD, OpcoFactory, PartnerFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def chips(page: Page):
    return page.locator(".country-picker__chip > span")


def test_the_introduce_form_offers_only_the_recipients_countries_and_works_by_keyboard(
    page: Page, login, other_member, operator, other_operator
):
    for code in ("FR", "SN", "BE"):
        OpcoFactory(operator=operator, country=code)
    OpcoFactory(operator__name="BT", operator__slug="bt", country="GB")
    partner = PartnerFactory(name="Tunely", slug="tunely")
    SponsorshipFactory(partner=partner, operator=other_operator)
    login(other_member.email, DEFAULT_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/partners/{partner.slug}/introduce/")

    page.get_by_label("Introduce to").select_option(label="BT")
    box = page.get_by_role("combobox", name="For these countries")
    box.focus()
    options = page.get_by_role("listbox", name="Countries to choose from").get_by_role("option")
    expect(options).to_have_text(["United Kingdom"])  # BT's footprint, nothing else
    box.press("Enter")
    expect(chips(page)).to_have_text(["United Kingdom"])

    # Another recipient: only its countries are offered, and the United Kingdom no longer fits.
    page.get_by_label("Introduce to").select_option(label="Orange")
    expect(chips(page)).to_have_count(0)
    note = "Only Orange’s countries are offered. Removed: United Kingdom."
    expect(page.get_by_text(note)).to_be_visible()
    box.focus()
    expect(options).to_have_text(["Belgium", "France", "Senegal"])
    box.press_sequentially("sen")  # searching narrows the list
    expect(options).to_have_text(["Senegal"])
    box.press("Enter")
    box.press_sequentially("fr")
    box.press("Enter")
    expect(chips(page)).to_have_text(["France", "Senegal"])
    box.press("Backspace")  # in the empty box, removes the last chip
    expect(chips(page)).to_have_text(["France"])
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Countries to choose from")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Your pitch").fill("Carrier-billed music kept our prepaid customers.")
    page.get_by_role("button", name="Send the introduction").click()
    expect(page.get_by_text("Tunely is introduced to Orange")).to_be_visible()
    assert Introduction.objects.get(partner=partner).countries == ["FR"]


def test_the_lesson_form_suggests_the_members_footprint_first_and_finds_names_without_accents(
    page: Page, login, member, operator
):
    for code in ("FR", "CI"):
        OpcoFactory(operator=operator, country=code)
    login(member.email, DEFAULT_PASSWORD)
    page.goto("/lessons/new/")

    box = page.get_by_role("combobox", name="Countries")
    box.click()
    listbox = page.get_by_role("listbox", name="Countries to choose from")
    expect(listbox.locator(".country-picker__group").first).to_have_text("Your footprint")
    expect(listbox.get_by_role("option").nth(0)).to_have_text("Côte d'Ivoire")
    expect(listbox.get_by_role("option").nth(1)).to_have_text("France")
    box.press_sequentially("cote")
    listbox.get_by_role("option", name="Côte d'Ivoire").click()
    expect(chips(page)).to_have_text(["Côte d'Ivoire"])
    page.get_by_role("button", name="Remove Côte d'Ivoire").click()
    expect(chips(page)).to_have_count(0)
