"""Standing is fair to newcomers (issue 11): a member is judged only after one whole window since it
joined or was reinstated, and the job, the dry run, the dashboard and the API say so alike."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from alliance import services
from alliance.models import Exemption, InactivityPolicy, Operator, StandingFlag
from alliance.standing.actions import reinstate, suspend
from alliance.standing.job import flag_inactive_members
from tests.factories import (
    ContributionFactory,
    MembershipFactory,
    OperatorApplicationFactory,
    OperatorFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)
WINDOW = 90  # the default policy's


def joined(days_ago: int, name: str = "Newcomer") -> Operator:
    """An operator that joined `days_ago` days ago and has never contributed."""
    return OperatorFactory(name=name, joined_on=TODAY - timedelta(days=days_ago))


def text_of(response) -> str:
    """The page's text, without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def flagged_names(report) -> list[str]:
    return [op.name for op in report.flagged]


# --- the job at the window's edges ------------------------------------------------------------
def test_an_operator_that_joined_the_day_before_its_window_ends_is_not_judged_yet():
    newcomer = joined(WINDOW - 1)

    report = flag_inactive_members(now=NOW)

    assert flagged_names(report) == []
    assert report.waiting == [(newcomer, TODAY + timedelta(days=1))]
    newcomer.refresh_from_db()
    assert newcomer.status == Operator.Status.ACTIVE
    assert not StandingFlag.objects.exists()


def test_an_operator_that_joined_exactly_one_window_ago_is_judged():
    joined(WINDOW)

    report = flag_inactive_members(now=NOW)

    assert flagged_names(report) == ["Newcomer"]
    assert report.waiting == []


def test_an_operator_that_joined_today_is_not_flagged():
    joined(0)

    assert flagged_names(flag_inactive_members(now=NOW)) == []


def test_an_operator_reinstated_yesterday_is_not_judged_until_a_window_after_it(admin_user):
    rogers = joined(400, name="Rogers")
    suspend(operator=rogers, by=admin_user, reason="Silent for a year")
    reinstate(operator=rogers, by=admin_user, reason="New BD team")

    tomorrow = flag_inactive_members(now=NOW + timedelta(days=1))
    last_day = flag_inactive_members(now=NOW + timedelta(days=WINDOW - 1))
    first_check = flag_inactive_members(now=NOW + timedelta(days=WINDOW))

    rogers.refresh_from_db()
    assert rogers.reinstated_on == TODAY
    assert (flagged_names(tomorrow), flagged_names(last_day)) == ([], [])
    assert flagged_names(first_check) == ["Rogers"]


def test_an_exempt_established_operator_is_neither_flagged_nor_waiting():
    exempt = joined(400, name="Exempt")
    Exemption.objects.create(operator=exempt, starts_on=TODAY, ends_on=TODAY, reason="Merger")

    report = flag_inactive_members(now=NOW)

    assert (report.flagged, report.waiting) == ([], [])


def test_a_new_member_that_contributes_is_judged_like_any_other_once_its_window_has_passed():
    newcomer = joined(WINDOW + 10)
    ContributionFactory(operator=newcomer, created_at=NOW - timedelta(days=5))

    assert flagged_names(flag_inactive_members(now=NOW)) == []


def test_a_longer_window_in_the_policy_pushes_the_first_check_back():
    policy = InactivityPolicy.current()
    policy.window_days = 120
    policy.save()
    joined(WINDOW)

    report = flag_inactive_members(now=NOW)

    assert flagged_names(report) == []
    assert report.waiting[0][1] == TODAY + timedelta(days=30)


def test_an_operator_approved_today_is_not_flagged_by_the_dry_run_nor_the_job(admin_user):
    application = OperatorApplicationFactory(name="Swisscom", footprint=["CH"])
    swisscom = services.approve_operator_application(application=application, by=admin_user)

    dry = flag_inactive_members(dry_run=True)
    real = flag_inactive_members()

    assert flagged_names(dry) == flagged_names(real) == []
    assert [op.name for op, _ in dry.waiting] == ["Swisscom"]
    swisscom.refresh_from_db()
    assert swisscom.status == Operator.Status.ACTIVE


# --- the dry run is the real run --------------------------------------------------------------
@pytest.fixture
def four_situations() -> None:
    """Forty days ago the job flagged Back and Late (grace has passed since); Back contributed
    yesterday. Quiet, an established member, has never contributed; Newcomer joined 10 days ago."""
    back, late = joined(400, name="Back"), joined(400, name="Late")
    flag_inactive_members(now=NOW - timedelta(days=40))
    ContributionFactory(operator=back, created_at=NOW - timedelta(days=1))
    joined(400, name="Quiet")
    joined(10, name="Newcomer")
    assert {flag.operator for flag in StandingFlag.objects.unresolved()} == {back, late}


def test_the_dry_run_reports_exactly_the_changes_the_real_run_then_makes(four_situations):
    dry = flag_inactive_members(now=NOW, dry_run=True)
    real = flag_inactive_members(now=NOW)

    assert dry.lines() == [line.replace("Did ", "Would ", 1) for line in real.lines()]
    assert (flagged_names(dry), [op.name for op in dry.cleared]) == (["Quiet"], ["Back"])
    assert [op.name for op in dry.due_for_review] == ["Late"]
    assert [op.name for op, _ in dry.waiting] == [op.name for op, _ in real.waiting] == ["Newcomer"]
    statuses = dict(StandingFlag.objects.values_list("operator__name", "status"))
    assert statuses == {"Quiet": "in_grace", "Back": "cleared", "Late": "due_for_review"}


# --- what a new member sees -------------------------------------------------------------------
@pytest.fixture
def newcomer_member():
    newcomer = joined(10)
    return MembershipFactory(operator=newcomer, user__email="member@newcomer.example").user


def test_a_new_members_dashboard_says_when_the_first_check_is_and_what_counts(
    client, newcomer_member
):
    client.force_login(newcomer_member)

    page = text_of(client.get(reverse("alliance:dashboard")))

    first_check = TODAY + timedelta(days=WINDOW - 10)
    assert "Active" in page
    assert f"first checked on {first_check:%-d %B %Y}" in page
    assert f"1 contribution before {first_check:%-d %B}" in page
    assert "Until then it is not flagged." in page
    assert "What counts: sponsored a partner; introduced a partner to a member;" in page
    assert "logged a deal; advanced a deal;" in page
    assert "at risk" not in page.lower()


def test_the_api_gives_a_new_member_its_first_check_in_me_and_in_its_standing(newcomer_member):
    api = APIClient()
    api.force_authenticate(newcomer_member)

    me = api.get("/api/v1/me/").json()["standing"]
    slug = newcomer_member.membership.operator.slug
    detail = api.get(f"/api/v1/standing/{slug}/").json()

    first_check = (TODAY + timedelta(days=WINDOW - 10)).isoformat()
    assert me == detail
    assert (me["judged"], me["first_check_on"], me["deadline"]) == (False, first_check, first_check)
    assert {"label": "Logged a deal", "weight": 1} in me["counted"]


def test_an_established_members_api_standing_is_judged(api_client_for_member):
    body = api_client_for_member.get("/api/v1/me/").json()["standing"]

    assert body["judged"] is True
    assert body["first_check_on"] == "2024-04-14"  # joined 15 January 2024, plus 90 days


@pytest.fixture
def api_client_for_member(member):
    api = APIClient()
    api.force_authenticate(member)
    return api


def test_someone_without_a_membership_has_no_standing_in_me(admin_user):
    api = APIClient()
    api.force_authenticate(admin_user)

    assert api.get("/api/v1/me/").json()["standing"] is None
