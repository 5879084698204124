"""M2M/IoT journeys in a real Chromium: a manager lists an opco's platforms and services, and a
member asks the coverage finder for a customer's countries — at 1280 and at 390 px. Screenshots
of each page are kept in test-artifacts/ to look at."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from alliance import demo, demo_m2m
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = demo.DEMO_PASSWORD
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def m2m_demo() -> None:
    """The operators, their people and the M2M demo (the other apps' demo data is not needed)."""
    demo.seed(stdout=io.StringIO())
    demo_m2m.seed(stdout=io.StringIO())


def shoot(page: Page, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"m2m-{name}.png"), full_page=full_page)


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_manager_lists_an_opco_s_platforms_and_services(page: Page, login, m2m_demo):
    login("manager@teliasonera.example", PASSWORD)
    page.goto("/members/teliasonera/")
    card = page.locator("#m2m")
    expect(card).to_contain_text("Ericsson IoT Accelerator (DCP)")
    card.get_by_role("link", name="Edit platforms and services").click()

    latvia = page.locator("fieldset", has_text="LMT")
    expect(latvia.get_by_label("Ericsson IoT Accelerator (DCP)")).to_be_checked()
    expect(page.get_by_text("Orange Live Objects")).to_have_count(0)  # Orange's own platform
    latvia.get_by_label("NB-IoT").check()
    latvia.get_by_label("LTE-M").check()
    shoot(page, "edit-1280")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    shoot(page, "edit-390")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Save platforms and services").click()

    expect(page.get_by_text("Platforms and M2M services saved (1 opco changed).")).to_be_visible()
    latvia_row = page.locator("#m2m tr", has_text="LMT")
    expect(latvia_row).to_contain_text("NB-IoT")
    expect(latvia_row).to_contain_text("LTE-M")
    shoot(page, "operator-1280")


def test_a_member_asks_the_coverage_finder_and_fixes_a_country_it_does_not_know(
    page: Page, login, m2m_demo
):
    login("member@deutsche-telekom.example", PASSWORD)
    page.get_by_role("link", name="IoT finder").click()
    countries = page.get_by_label("Countries the customer needs")

    typed = "Germany, FR\nsweden, Atlantis"
    countries.fill(typed)
    page.get_by_role("button", name="Find coverage").click()
    expect(page.get_by_text("'Atlantis' is not a country we know.")).to_be_visible()
    expect(page.get_by_label("Countries the customer needs")).to_have_value(typed)
    shoot(page, "finder-error-1280")

    page.get_by_label("Countries the customer needs").fill(demo_m2m.CONNECTED_CAR_COUNTRIES)
    page.get_by_role("button", name="Find coverage").click()
    expect(page.locator(".finder-stats")).to_contain_text("20 of 20")
    expect(page.get_by_role("heading", name="Proposed:")).to_be_visible()
    expect(page.locator(".finder-table tbody tr")).to_have_count(20)
    shoot(page, "finder-1280")

    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page), "the page scrolls sideways on a phone"
    wrap = page.locator(".finder-results .table-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth"), "the table scrolls in its card"
    shoot(page, "finder-390")
    page.locator(".finder-plan").scroll_into_view_if_needed()
    shoot(page, "finder-390-plan", full_page=False)
    page.locator(".finder-results").evaluate("el => el.scrollIntoView()")
    shoot(page, "finder-390-table", full_page=False)
    wrap.evaluate("el => el.scrollBy(300, 0)")
    shoot(page, "finder-390-table-scrolled", full_page=False)

    page.set_viewport_size(DESKTOP)
    page.get_by_label("Countries the customer needs").fill("Germany, Canada, Japan")
    page.get_by_label("On the platform").select_option(label="Cisco IoT Control Center (Jasper)")
    page.get_by_role("button", name="Find coverage").click()
    expect(page.get_by_role("heading", name="Nobody covers 1 country")).to_be_visible()
    expect(page.locator(".finder-plan")).to_contain_text("Only opcos running Cisco IoT")
    shoot(page, "finder-platform-1280")
    page.set_viewport_size(PHONE)
    shoot(page, "finder-platform-390")
