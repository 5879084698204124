"""Issue 11 in a real Chromium: an introduction becomes a deal (point 3) — the recipient clicks
"It led to a deal", finds the deal form filled in, logs the deal, and the deal and the introduction
link to each other for both operators and for nobody else; a member chooses how they hear of new
applications (point 9); an approved operator's contact finds their name on the sign-up page
(point 10). Each page is also photographed at 1280 and 390 px into test-artifacts/, and must fit
a phone's width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from alliance import services as alliance_services
from deals.models import Deal
from deals.services import log_deal
from partners import services as partner_services
from tests.browser.conftest import ARTIFACTS, link_in_last_mail
from tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    OpcoFactory,
    OperatorApplicationFactory,
    OperatorFactory,
    PartnerFactory,
    SponsorshipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE, DESKTOP = 390, 1280


def photograph(page: Page, name: str) -> None:
    """Full-page screenshots of the current page at desktop and phone widths (kept for review);
    at phone width nothing may be wider than the screen."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"issue11-{name}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    page.set_viewport_size({"width": DESKTOP, "height": 900})


@pytest.fixture
def introduction(member, other_member, operator, other_operator):
    """Millicom introduced Tunely to Orange for Spain and France, and Orange accepted."""
    for code, brand in (("ES", "Orange España"), ("FR", "Orange France")):
        OpcoFactory(operator=operator, country=code, brand_name=brand)
    partner = PartnerFactory(name="Tunely", slug="tunely", countries=["CO"])
    SponsorshipFactory(partner=partner, operator=other_operator)
    introduction = partner_services.introduce_partner(
        partner=partner,
        by=other_member,
        to_operator=operator,
        countries=["ES", "FR"],
        pitch="Carrier-billed music kept our prepaid customers; your Spanish prepaid base fits.",
    )
    return partner_services.answer_introduction(
        introduction=introduction, by=member, accept=True, reason="Worth a meeting."
    )


def test_the_recipient_logs_the_deal_an_introduction_led_to_and_both_sides_see_the_link(
    page: Page, login, member, other_member, introduction
):
    login(member.email, DEFAULT_PASSWORD)
    page.goto(introduction.get_absolute_url())
    page.get_by_role("link", name="It led to a deal").click()

    expect(page.get_by_role("heading", name="Log a deal")).to_be_visible()
    expect(page.get_by_text("the introduction of Tunely by Millicom")).to_be_visible()
    expect(page.get_by_label("Partner", exact=True)).to_have_value(introduction.partner.slug)
    expect(page.get_by_label("Country", exact=True)).to_have_value("ES")
    photograph(page, "deal-form-from-introduction")
    introduction.refresh_from_db()
    assert introduction.status == "accepted"  # nothing changes until the deal is logged
    page.get_by_label("Deal type").select_option(label="Carrier billing")
    page.get_by_role("textbox", name="Summary").fill("Tunely billed to Orange España prepaid.")
    page.get_by_role("radio", name=re.compile("^Alliance —")).check()
    page.get_by_role("button", name="Log the deal").click()

    expect(page.get_by_role("heading", name="Tunely × Orange")).to_be_visible()
    introduced = page.locator(".facts dd").filter(has_text="Millicom")
    expect(introduced).to_have_text("Millicom · the introduction")
    photograph(page, "deal-introduced-by")
    deal = Deal.objects.get()
    assert deal.introduction_id == introduction.pk

    introduced.get_by_role("link", name="the introduction").click()
    expect(
        page.get_by_role("heading", name=re.compile("Millicom introduces Tunely"))
    ).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("Led to a deal")
    expect(page.get_by_role("link", name="Orange in Spain")).to_be_visible()
    expect(page.get_by_role("link", name="Log another deal from it")).to_be_visible()
    photograph(page, "introduction-with-deal")

    # The introducer sees the same link from its side, without the button.
    page.context.clear_cookies()
    login(other_member.email, DEFAULT_PASSWORD)
    page.goto(introduction.get_absolute_url())
    expect(page.get_by_role("link", name="Log another deal from it")).to_have_count(0)
    page.get_by_role("link", name="Orange in Spain").click()
    expect(page.get_by_text("Introduced by")).to_be_visible()


def test_a_third_operator_sees_the_deal_but_not_the_introduction_behind_it(
    page: Page, login, member, introduction
):
    deal = log_deal(
        by=member,
        values={
            "partner": introduction.partner,
            "country": "ES",
            "deal_type": "carrier_billing",
            "introduction": introduction,
        },
    )
    outsider = MembershipFactory(operator=OperatorFactory(name="BT", slug="bt")).user
    login(outsider.email, DEFAULT_PASSWORD)
    page.goto(deal.get_absolute_url())
    expect(page.get_by_role("heading", name="Tunely × Orange")).to_be_visible()
    expect(page.get_by_text("Introduced by")).to_have_count(0)
    assert page.goto(introduction.get_absolute_url()).status == 404


def test_a_member_chooses_to_hear_of_each_new_application(page: Page, login, member):
    login(member.email, DEFAULT_PASSWORD)
    page.goto("/partners/review/")
    expect(page.get_by_text("Mail about new applications: a daily digest")).to_be_visible()
    page.get_by_role("link", name="Change").click()
    expect(page.get_by_role("radio", name=re.compile("daily digest"))).to_be_checked()
    photograph(page, "application-mail")
    page.get_by_role("radio", name="Mail me about each new application").check()
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Saved: you will be mailed about each new application.")
    ).to_be_visible()
    page.goto("/partners/review/")
    expect(page.get_by_text("Mail about new applications: each one, as it arrives")).to_be_visible()


def test_an_approved_operators_contact_finds_their_name_on_the_sign_up_page(page: Page, admin_user):
    application = OperatorApplicationFactory(
        name="Vodacom",
        footprint=["ZA"],
        contact_name="Thandi Nkosi",
        contact_email="thandi@vodacom.example",
    )
    alliance_services.approve_operator_application(application=application, by=admin_user)
    page.goto(link_in_last_mail("thandi@vodacom.example"))
    expect(page.get_by_role("heading", name="Join Vodacom")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Thandi")
    expect(page.get_by_label("Last name")).to_have_value("Nkosi")
    expect(page.get_by_label("Email")).to_have_value("thandi@vodacom.example")
    photograph(page, "signup-prefilled")
