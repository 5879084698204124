"""The cross-border programme journey in a real Chromium: Deutsche Telekom starts a connected-car
programme across countries, takes Germany itself and invites Orange for France; Orange's manager
accepts and files a monthly SLA report below the target; Telekom sees the breach highlighted on
the programme page (and its managers got the mail). Screenshots of the programme page at 1280
and 390 px (the journey's own and the demo's fifteen-country programme) go to test-artifacts/."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from alliance import demo, demo_m2m
from alliance.blocs import demo as blocs_demo
from deals import demo as deals_demo
from deals.programmes import demo as programmes_demo
from deals.programmes.models import Programme
from partners import demo as partners_demo
from tests.browser.conftest import ARTIFACTS, pick_countries, pick_suggestion

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = demo.DEMO_PASSWORD
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def alliance_demo() -> None:
    """The operators, their people, the M2M capabilities and the partners (Mojio among them)."""
    for module in (demo, demo_m2m, partners_demo):
        module.seed(stdout=io.StringIO())


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"programme-{name}.png"), full_page=True)


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sign_in_as(page: Page, login, email: str) -> None:
    page.context.clear_cookies()
    login(email, PASSWORD)


def test_start_invite_accept_report_a_breach_and_see_it_highlighted(
    page: Page, login, alliance_demo
):
    # Telekom's member starts the programme.
    sign_in_as(page, login, "member@deutsche-telekom.example")
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Start a programme").click()
    page.get_by_label("Name").fill("Connected fleet for EuroFleet")
    pick_suggestion(page, "Partner", "Moj", "Mojio")
    page.get_by_label("Customer").fill("EuroFleet Leasing")
    pick_countries(page, "Countries", "Germany", "France", "Italy", "Portugal")
    page.get_by_role("button", name="Start the programme").click()
    expect(page.get_by_role("heading", name="Connected fleet for EuroFleet")).to_be_visible()
    grid = page.locator(".programme-grid")
    expect(grid.locator("tbody tr")).to_have_count(4)
    expect(grid.locator(".badge--unassigned")).to_have_count(4)

    # Telekom takes Germany itself: only operators with an opco there are offered.
    page.get_by_role("link", name="Invite an operator for Germany").click()
    operator = page.get_by_label("Operator")
    expect(operator.locator("option", has_text="Orange")).to_have_count(0)
    operator.select_option(label="Deutsche Telekom")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Your operator takes part for that country.")).to_be_visible()

    # ... and invites Orange for France, on a 99.5 % target.
    page.get_by_role("link", name="Invite an operator for France").click()
    page.get_by_label("Operator").select_option(label="Orange")
    shoot(page, "invite-1280")
    page.get_by_label("Availability target (%)").fill("99.5")
    page.get_by_label("Support response time (hours)").fill("4")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Orange is invited to serve France")).to_be_visible()
    france = grid.locator("tr", has_text="France")
    expect(france).to_contain_text("Invited")
    assert any("invites you to serve France" in m.subject for m in mail.outbox)

    # Orange's manager accepts, with its escalation contact and platform.
    sign_in_as(page, login, "manager@orange.example")
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Connected fleet for EuroFleet").click()
    page.get_by_role("link", name="Answer the invitation").click()
    shoot(page, "answer-1280")
    page.get_by_label("Accept: we take part").check()
    page.get_by_label("Escalation contact").fill("Orange IoT NOC")
    page.get_by_label("Escalation email").fill("iot-noc@orange.example")
    page.get_by_label("Platform").select_option(label="Orange Live Objects")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("You take part: file a report each month.")).to_be_visible()

    # ... and files last month's report: 99.1 % against the 99.5 % target.
    page.get_by_label("Availability achieved (%)").fill("99.1")
    page.get_by_label("Incidents").fill("3")
    page.get_by_label("Mean time to restore (hours)").fill("4.5")
    page.get_by_role("button", name="File the report").click()
    expect(page.get_by_text(re.compile(r"99\.1 % is below the 99\.5 % target"))).to_be_visible()
    shoot(page, "participation-1280")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page), "the participation page scrolls sideways on a phone"
    shoot(page, "participation-390")
    page.set_viewport_size(DESKTOP)

    # Telekom's manager sees the breach highlighted, and got the mail.
    sign_in_as(page, login, "manager@deutsche-telekom.example")
    programme = Programme.objects.get(name="Connected fleet for EuroFleet")
    page.goto(programme.get_absolute_url())
    breaches = page.get_by_role("alert").filter(has_text="SLA breaches")
    expect(breaches).to_contain_text("France")
    expect(breaches).to_contain_text("99.1 %")
    expect(page.locator(".programme-grid__breach")).to_contain_text("France")
    expect(page.locator(".stat--breach")).to_contain_text("1")
    assert any(
        "SLA breach in France" in m.subject and m.to == ["manager@deutsche-telekom.example"]
        for m in mail.outbox
    )
    shoot(page, "journey-1280")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page), "the programme page scrolls sideways on a phone"
    shoot(page, "journey-390")


def test_the_demo_programme_page_at_desktop_and_phone_widths(page: Page, login, alliance_demo):
    for module in (blocs_demo, deals_demo, programmes_demo):
        module.seed(stdout=io.StringIO())
    programme = Programme.objects.get(lead__slug="deutsche-telekom")

    sign_in_as(page, login, "manager@deutsche-telekom.example")
    page.goto(programme.get_absolute_url())
    expect(page.locator(".programme-grid tbody tr")).to_have_count(len(programme.countries))
    expect(page.get_by_role("alert").filter(has_text="SLA breaches")).to_contain_text("Italy")
    expect(page.locator(".programme-grid tr", has_text="Portugal")).to_contain_text("Unassigned")
    shoot(page, "demo-1280")

    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page), "the programme page scrolls sideways on a phone"
    wrap = page.locator(".programme-grid").locator("xpath=..")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth"), "the grid scrolls in its card"
    shoot(page, "demo-390")
    page.set_viewport_size(DESKTOP)

    # The bloc's page lists the programme (the programmes feature's tag in the bloc's slot).
    page.get_by_role("link", name=programme.bloc.name).click()
    listed = page.locator("#programmes")
    expect(listed).to_contain_text(programme.name)
    expect(listed).to_contain_text("1 breach")
    listed.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    listed.screenshot(path=str(ARTIFACTS / "programme-bloc-page-1280.png"))
