"""The bloc journey in a real Chromium (issue 14): Deutsche Telekom's manager proposes a bloc and
invites Orange; Orange's manager accepts; Telekom logs a deal shared with the bloc; Orange's member
reads it in full, BT's member as a summary. Screenshots of the bloc page and the list at 1280 and
390 px are kept in test-artifacts/ to look at."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from alliance import demo, demo_m2m
from deals.models import Deal
from partners import demo as partners_demo
from tests.browser.conftest import ARTIFACTS, pick_suggestion

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = demo.DEMO_PASSWORD
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SUMMARY = "Connected-car dongles for a logistics fleet, on the bloc's shared SLA."
NOTES = "Target 18k SIMs in year one."


@pytest.fixture
def demo_members() -> None:
    """The operators and their people, the opcos' platforms, and the partners (no blocs yet)."""
    for module in (demo, demo_m2m, partners_demo):
        module.seed(stdout=io.StringIO())


def shoot(page: Page, name: str) -> None:
    """A full-page screenshot at 1280 px, then at 390 px (which must not scroll sideways)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(ARTIFACTS / f"blocs-{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    page.screenshot(path=str(ARTIFACTS / f"blocs-{name}-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def sign_in_as(page: Page, login, email: str) -> None:
    page.context.clear_cookies()
    login(email, PASSWORD)


def test_propose_invite_accept_and_share_a_deal_with_the_bloc(page: Page, login, demo_members):
    # Telekom's manager proposes the bloc, then invites Orange from its page.
    sign_in_as(page, login, "manager@deutsche-telekom.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Blocs").click()
    page.get_by_role("link", name="Propose a bloc").click()
    page.get_by_label("Name").fill("M2M bloc")
    page.get_by_label("Purpose").fill(
        "One connected-car offer across our footprints, with SLAs agreed between us."
    )
    page.get_by_label("IoT/M2M & connected car").check()
    page.get_by_role("button", name="Propose the bloc").click()
    expect(page.get_by_text("M2M bloc is proposed, with Deutsche Telekom as its first member"))
    page.get_by_label("Operator", exact=True).select_option(label="Orange")
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_text("Orange is invited: its managers have been mailed.")).to_be_visible()

    # Orange's manager finds the invitation on the list and accepts it.
    sign_in_as(page, login, "manager@orange.example")
    page.goto("/blocs/")
    card = page.locator(".bloc-card", has_text="M2M bloc")
    expect(card.locator(".badge")).to_have_text("Invited")
    card.get_by_role("link", name="M2M bloc").click()
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("Orange is now a member of M2M bloc.")).to_be_visible()
    members = page.locator("#members")
    expect(members).to_contain_text("Deutsche Telekom")
    expect(members).to_contain_text("Orange")
    expect(page.locator("#footprint")).to_contain_text("Orange France")
    expect(page.locator("#platforms")).to_contain_text("Cisco IoT Control Center (Jasper)")
    shoot(page, "page")
    page.goto("/blocs/")
    shoot(page, "list")

    # Telekom's member logs a deal shared with the bloc.
    sign_in_as(page, login, "member@deutsche-telekom.example")
    page.goto("/deals/new/")
    pick_suggestion(page, "Partner", "moj", "Mojio")
    page.get_by_label("Country", exact=True).select_option(label="Poland")
    page.get_by_label("Deal type").select_option(label="IoT connectivity")
    page.get_by_role("textbox", name="Summary").fill(SUMMARY)
    page.get_by_role("textbox", name="Confidential notes").fill(NOTES)
    page.get_by_role("radio", name=re.compile("^Bloc —")).check()
    page.get_by_role("combobox", name=re.compile("^Bloc")).select_option(label="M2M bloc")
    shoot(page, "deal-form")
    page.get_by_role("button", name="Log the deal").click()
    expect(page.get_by_role("heading", name="Mojio × Deutsche Telekom")).to_be_visible()
    expect(page.locator(".page-header")).to_contain_text("shared with M2M bloc")
    deal_url = Deal.objects.get(partner__name="Mojio", country="PL").get_absolute_url()

    # Orange's member reads it in full (not the confidential notes); BT's as a summary.
    sign_in_as(page, login, "member@orange.example")
    page.goto(deal_url)
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("IoT connectivity")
    expect(page.get_by_text(NOTES)).to_have_count(0)
    shoot(page, "deal-as-orange")

    sign_in_as(page, login, "member@bt.example")
    page.goto(deal_url)
    expect(page.get_by_text("shares this deal as a summary")).to_be_visible()
    expect(page.get_by_text(SUMMARY)).to_have_count(0)
    expect(page.get_by_text("IoT connectivity")).to_have_count(0)
    expect(page.get_by_text("M2M bloc")).to_have_count(0)


def test_an_admin_dissolves_the_bloc_from_its_page(page: Page, login, demo_members, settings):
    """Staff see the bloc like any member (the menu with their extra links still fits the screen)
    and dissolve it with a reason; the page then says it shares nothing any more."""
    from allauth.mfa.models import Authenticator

    from alliance.blocs import demo as blocs_demo
    from alliance.models import User
    from tests.browser.test_standing_journeys import ADMIN, SECRET, sign_in_as_admin

    settings.MFA_TOTP_TOLERANCE = 1
    blocs_demo.seed(stdout=io.StringIO())
    Authenticator.objects.create(
        user=User.objects.get(email=ADMIN), type=Authenticator.Type.TOTP, data={"secret": SECRET}
    )
    page.context.clear_cookies()
    sign_in_as_admin(page, login)
    page.goto("/blocs/m2m-bloc/")
    expect(page.locator("#members")).to_contain_text("TeliaSonera")
    page.get_by_role("link", name="Dissolve…").click()
    page.get_by_label("Reason").fill("The members folded the cooperation into the programmes.")
    page.get_by_role("button", name="Dissolve the bloc").click()
    expect(page.get_by_text("M2M bloc is dissolved.")).to_be_visible()
    expect(page.locator(".page-header .badge")).to_have_text("Dissolved")
    expect(page.get_by_role("link", name="Dissolve…")).to_have_count(0)
    shoot(page, "dissolved-as-staff")
