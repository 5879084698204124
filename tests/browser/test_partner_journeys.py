"""The partner onboarding journey in a real Chromium (issue 3): a startup applies, fixes a field
error, follows its status link; a member sponsors it; then an introduction is made and accepted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from partners import services
from partners.models import Introduction, Partner
from tests.browser.conftest import link_in_last_mail, pick_countries
from tests.factories import DEFAULT_PASSWORD, OpcoFactory, PartnerFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_startup_applies_follows_its_status_and_becomes_active_once_a_member_sponsors_it(
    page: Page, login, member, operator
):
    page.goto("/partners/apply/")
    page.get_by_label("Company name").fill("Streamly")
    page.get_by_label("Website").fill("streamly dot example")  # a mistake to correct
    page.get_by_label("Category").select_option("entertainment")
    page.get_by_label("HQ country").select_option("SE")
    pick_countries(page, "Countries where you already operate", "Sweden", "Norway")
    page.get_by_label("What you offer operators").fill("Music streaming bundled with data plans.")
    page.get_by_label("Your name").fill("Ines Lund")
    page.get_by_label("Your email").fill("ines@streamly.example")
    page.get_by_role("button", name="Send application").click()

    website = page.get_by_label("Website")
    field = page.locator(".field", has=website)
    expect(field.locator(".error")).to_have_text("Enter a valid URL.")
    expect(page.locator(".field .error")).to_have_count(1)
    expect(page.get_by_label("Company name")).to_have_value("Streamly")  # nothing retyped
    assert not Partner.objects.exists()

    website.fill("https://www.streamly.example")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name=re.compile("Streamly has applied"))).to_be_visible()

    page.goto(link_in_last_mail("ines@streamly.example"))
    expect(page.get_by_role("heading", name="Streamly")).to_be_visible()
    expect(page.locator(".status-line")).to_contain_text("Applied")
    status_path = page.url

    page.context.clear_cookies()
    login(member.email, DEFAULT_PASSWORD)
    page.goto("/partners/review/")
    page.get_by_role("link", name="Streamly").click()
    page.get_by_role("link", name="Sponsor", exact=True).click()
    page.get_by_label("Your pitch").fill("Bundled with our music tariffs, churn fell.")
    page.get_by_role("button", name="Sponsor Streamly").click()
    expect(page.get_by_text("Orange now sponsors Streamly.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(status_path)
    expect(page.locator(".status-line")).to_contain_text("Active")
    expect(page.get_by_text("sponsored by Orange")).to_be_visible()


def test_a_member_introduces_a_partner_and_the_recipient_accepts_it(
    page: Page, login, member, other_member, operator, other_operator
):
    OpcoFactory(operator=operator, country="FR")
    partner = PartnerFactory(name="Tunely", slug="tunely")
    SponsorshipFactory(partner=partner, operator=other_operator)

    login(other_member.email, DEFAULT_PASSWORD)
    page.goto(partner.get_absolute_url())
    page.get_by_role("link", name="Introduce to a member").click()
    page.get_by_label("Introduce to").select_option(label="Orange")
    pick_countries(page, "For these countries", "France")
    page.get_by_label("Your pitch").fill("Carrier-billed music kept our prepaid customers.")
    page.get_by_role("button", name="Send the introduction").click()
    expect(page.get_by_text("Tunely is introduced to Orange")).to_be_visible()

    page.context.clear_cookies()
    login(member.email, DEFAULT_PASSWORD)
    page.goto("/partners/introductions/")
    page.get_by_role("link", name="Tunely").click()
    page.get_by_label("Accept").check()
    page.get_by_label("Your answer").fill("Let's meet in Paris.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("the introducer is told your answer")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("Accepted")
    assert Introduction.objects.get().status == "accepted"


def test_the_decline_reason_is_shown_to_the_applicant_on_the_status_page(
    page: Page, admin_user, application_for_browser
):
    services.decline_application(
        partner=application_for_browser,
        by=admin_user,
        reason="We only take startups with a customer.",
    )
    page.goto(application_for_browser.get_status_url())
    expect(page.locator(".status-line")).to_contain_text("Declined")
    expect(page.get_by_text("We only take startups with a customer.")).to_be_visible()


@pytest.fixture
def application_for_browser(db):
    return PartnerFactory(name="Streamly", slug="streamly", status="applied")
