"""The foundation's user journeys, clicked and typed in a real Chromium (issue 2)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response, expect

from alliance import services
from alliance.models import Membership, OperatorApplication, User
from tests.browser.conftest import link_in_last_mail, pick_countries
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-long-new-password-42"


def test_pages_load_only_the_portals_own_assets(page: Page, live_server):
    """No CDN: every request the home page makes goes to the portal, and its styles load."""
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert {urlsplit(response.url).netloc for response in responses} == {
        urlsplit(live_server.url).netloc
    }
    stylesheets = [r for r in responses if r.request.resource_type == "stylesheet"]
    assert stylesheets and all(response.ok for response in stylesheets)


def test_an_invited_colleague_signs_up_verifies_their_email_and_reaches_the_dashboard(
    page: Page, login, manager, operator
):
    services.invite_member(
        operator=operator,
        email="new.colleague@orange.example",
        role=Membership.Role.MEMBER,
        invited_by=manager,
    )

    page.goto(link_in_last_mail("new.colleague@orange.example"))
    expect(page.get_by_role("heading", name="Join Orange")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("new.colleague@orange.example")
    page.get_by_label("First name").fill("Amélie")
    page.get_by_label("Last name").fill("Durand")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name=re.compile("verify your email", re.I))).to_be_visible()

    page.goto(link_in_last_mail("new.colleague@orange.example"))
    page.get_by_role("button", name="Confirm").click()
    page.context.clear_cookies()  # a fresh visit: sign in with the new password

    login("new.colleague@orange.example", NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", name=re.compile("Orange")).first).to_be_visible()
    assert User.objects.get(email="new.colleague@orange.example").active_membership.operator == (
        operator
    )


def test_a_manager_edits_the_operators_objectives(page: Page, login, manager, operator):
    objectives = "Take mobile-money partners from our African opcos to Europe."
    login(manager.email, DEFAULT_PASSWORD)
    page.goto(operator.get_absolute_url())
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_label("Objectives").fill(objectives)
    page.get_by_role("button", name="Save profile").click()

    expect(page).to_have_url(re.compile(rf"{operator.get_absolute_url()}$"))
    expect(page.get_by_text(objectives)).to_be_visible()
    operator.refresh_from_db()
    assert operator.objectives == objectives


def test_the_application_form_shows_a_bad_website_error_beside_that_field(page: Page):
    page.goto("/join/")
    page.get_by_label("Operator name").fill("Vodacom")
    page.get_by_label("Website").fill("not a web address")
    page.get_by_label("HQ country").select_option("ZA")
    pick_countries(page, "Footprint countries", "South Africa", "Tanzania")
    page.get_by_label("Objectives").fill("Bring African start-ups to the alliance.")
    page.get_by_label("Your name").fill("Thandi Nkosi")
    page.get_by_label("Your work email").fill("thandi@vodacom.example")
    page.get_by_role("button", name="Send application").click()

    website = page.get_by_label("Website")
    expect(website).to_have_attribute("aria-invalid", "true")
    field = page.locator(".field", has=website)
    expect(field.locator(".error")).to_have_text(
        "Enter the full address of your website, like https://example.com."
    )
    expect(page.locator(".field .error")).to_have_count(1)  # only the bad field complains
    expect(page.get_by_label("Operator name")).to_have_value("Vodacom")  # nothing retyped
    assert not OperatorApplication.objects.exists()
