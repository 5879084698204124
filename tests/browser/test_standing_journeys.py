"""Standing journeys in a real Chromium (issue 6): an admin reviews the demo's flagged operator,
extends its grace, then removes another operator and reinstates it."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from alliance.models import (
    AuditLogEntry,
    Membership,
    Operator,
    OperatorApplication,
    StandingFlag,
    User,
)
from alliance.standing.job import flag_inactive_members

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXP"
ADMIN = "admin@alliance.example"
DEMO_PASSWORD = "alliance-demo"


@pytest.fixture
def seeded(settings) -> None:
    """The demo data with its admin's authenticator, before the nightly job has run."""
    settings.MFA_TOTP_TOLERANCE = 1
    call_command("seed_demo", stdout=io.StringIO())
    Authenticator.objects.create(
        user=User.objects.get(email=ADMIN), type=Authenticator.Type.TOTP, data={"secret": SECRET}
    )


@pytest.fixture
def demo(seeded) -> None:
    """The demo after the nightly job flagged Rogers."""
    flag_inactive_members()


def sign_in_as_admin(page: Page, login) -> None:
    login(ADMIN, DEMO_PASSWORD)
    counter = next(iter(yield_hotp_counters_from_time()))
    page.locator("input[name=code]").fill(format_hotp_value(hotp_value(SECRET, counter)))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()


def row(page: Page, operator: str):
    """The operator's row in the table of operators (not in the audit log)."""
    return page.locator(".standing-table").get_by_role("row", name=re.compile(operator))


def act(page: Page, operator: str, action: str, reason: str, **fields: str) -> None:
    page.get_by_label(f"Select {operator}").check()
    page.get_by_label("Action", exact=True).select_option(label=action)
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Reason").fill(reason)
    page.get_by_label("I have checked the selected operators").check()
    page.get_by_role("button", name="Apply").click()


def test_an_admin_extends_a_flagged_operators_grace_then_removes_and_reinstates_another(
    page: Page, login, demo
):
    sign_in_as_admin(page, login)
    page.get_by_role("link", name="Standing").click()

    # Review: Rogers is at risk, reads others' work without contributing.
    rogers = row(page, "Rogers")
    expect(rogers).to_contain_text("At risk")
    expect(rogers).to_contain_text("takes without giving")
    page.get_by_role("link", name="Rogers").click()
    expect(page.get_by_role("heading", name="Contribution history")).to_be_visible()
    expect(page.locator(".standing-chart svg")).to_be_visible()
    page.get_by_role("link", name="← Member standing").click()

    act(
        page,
        "Rogers",
        "Extend the grace period",
        "Their BD lead is on leave",
        **{"Extend by (days)": "14"},
    )
    expect(
        page.get_by_text("Extend the grace period: done for 1 operator (Rogers).")
    ).to_be_visible()
    grace = timezone.localdate() + timedelta(days=30 + 14)
    expect(row(page, "Rogers")).to_contain_text(f"{grace:%-d %b %Y}")

    # Remove another member, then bring it back.
    page.get_by_role("link", name="All operators").click()
    act(page, "MTS", "Remove from the alliance", "Asked to leave the alliance")
    expect(row(page, "MTS")).to_contain_text("Removed")
    expect(page.get_by_role("link", name="MTS (former member)")).to_be_visible()
    act(page, "MTS", "Reinstate", "Came back with a new partnerships team")
    expect(row(page, "MTS")).to_contain_text("Active")

    audit = page.get_by_role("region", name="Audit log")
    expect(audit).to_contain_text("Grace period extended")
    expect(audit).to_contain_text("Asked to leave the alliance")
    expect(audit).to_contain_text("Came back with a new partnerships team")
    assert Operator.objects.get(slug="mts").status == Operator.Status.ACTIVE
    assert StandingFlag.objects.get(operator__slug="rogers").grace_until == grace
    assert (
        AuditLogEntry.objects.filter(action__startswith="standing.", actor__email=ADMIN).count()
        == 3
    )


def test_an_operator_approved_today_is_left_alone_by_the_dry_run_and_the_job(
    page: Page, login, seeded
):
    """Issue 11: approving Swisscom showed its manager a deadline that same day, and the dry run
    and the job flagged it. Now it is judged only after one whole window."""
    application = OperatorApplication.objects.create(
        name="Swisscom",
        website="https://www.swisscom.ch",
        hq_country="CH",
        footprint=["CH"],
        objectives="Bring Swiss fintech partners to the alliance's members.",
        contact_name="Lea Meier",
        contact_email="lea@swisscom.example",
    )
    sign_in_as_admin(page, login)
    page.goto(f"/staff/applications/{application.pk}/")
    page.get_by_role("button", name="Approve and invite Lea Meier").click()
    expect(page.get_by_text("Swisscom is now a member")).to_be_visible()

    # The dry run lists what it would change — Rogers only — and keeps Swisscom apart.
    page.get_by_role("link", name="Standing").click()
    page.get_by_role("link", name="Dry run of the inactivity job").click()
    changes = page.locator(".dry-run-table tbody tr")
    expect(changes).to_have_count(1)
    expect(changes).to_contain_text("Rogers")
    expect(page.get_by_role("region", name="Not judged yet")).to_contain_text("Swisscom")

    # Run it for real, once confirmed (the box is required).
    page.get_by_label("I have read what the job would change").check()
    page.get_by_role("button", name="Run the inactivity job now").click()
    expect(page.get_by_text("The inactivity job is running")).to_be_visible()
    expect(row(page, "Rogers")).to_contain_text("At risk")
    assert Operator.objects.get(name="Swisscom").status == Operator.Status.ACTIVE
    assert AuditLogEntry.objects.filter(action="standing.job_run", actor__email=ADMIN).exists()

    # Swisscom's first manager sees when the first check is, and what counts.
    page.locator(".nav__account summary").click()
    page.get_by_role("button", name="Sign out").click()
    swisscom = Operator.objects.get(name="Swisscom")
    manager = User.objects.create_user("lea@swisscom.example", DEMO_PASSWORD)
    EmailAddress.objects.create(user=manager, email=manager.email, primary=True, verified=True)
    Membership.objects.create(user=manager, operator=swisscom, role=Membership.Role.MANAGER)
    login(manager.email, DEMO_PASSWORD)
    page.goto("/dashboard/")
    panel = page.locator(".standing-panel")
    first_check = timezone.localdate() + timedelta(days=90)
    expect(panel).to_contain_text(f"first checked on {first_check:%-d %B %Y}")
    expect(panel).to_contain_text("What counts:")
    expect(panel).not_to_contain_text("At risk")
