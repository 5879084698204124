"""The demo: Deutsche Telekom's connected-car programme across at least twelve countries with
participants from several members, one country unassigned, three months of SLA reports with one
breach; and a smart-metering deal that stays in one country. Loaded twice, it changes nothing."""

from __future__ import annotations

import io

import pytest

from alliance import demo, demo_m2m
from alliance.blocs import demo as blocs_demo
from deals import demo as deals_demo
from deals.models import Deal
from deals.programmes import demo as programmes_demo
from deals.programmes.grid import programme_grid
from deals.programmes.models import Participation, Programme, SLAReport
from partners import demo as partners_demo

MODULES = [demo, demo_m2m, blocs_demo, partners_demo, deals_demo, programmes_demo]


def seed() -> None:
    for module in MODULES:
        module.seed(stdout=io.StringIO())


@pytest.fixture
def seeded(db):
    seed()
    return Programme.objects.get()


def test_the_demo_programme_is_led_by_deutsche_telekom_across_at_least_twelve_countries(seeded):
    assert seeded.lead.slug == "deutsche-telekom"
    assert seeded.partner.name == "Mojio"
    assert len(seeded.countries) >= 12
    assert seeded.lead in [m.operator for m in seeded.bloc.memberships.active()]


def test_members_of_several_operators_take_part_and_one_country_is_unassigned(seeded):
    taking_part = Participation.objects.accepted().filter(programme=seeded)
    operators = set(taking_part.values_list("operator__slug", flat=True))
    assert {"deutsche-telekom", "orange", "teliasonera", "telecom-italia", "bt"} <= operators
    assert seeded.participations.get(country="CA").status == "invited"  # Rogers: no answer yet
    assert seeded.participations.filter(status="declined").count() == 1

    grid = programme_grid(seeded, seeded.created_by)
    assert [country.code for country in grid.unassigned] == ["PT"]


def test_the_demo_reports_three_months_with_one_breach(seeded):
    reports = SLAReport.objects.filter(participation__programme=seeded)
    assert reports.values("month").distinct().count() == 3
    [breach] = reports.breaches()
    assert breach.participation.country.code == "IT"


def test_participations_re_use_the_per_country_deals(seeded):
    germany = seeded.participations.get(country="DE")
    assert germany.deal.operator == seeded.lead
    assert germany.deal.country.code == "DE"
    assert (
        Deal.objects.filter(partner=seeded.partner, operator=seeded.lead, country="DE").count() == 1
    )


def test_a_smart_metering_deal_stays_in_one_country(seeded):
    metering = Deal.objects.get(partner__name="GridPulse")
    assert (metering.operator.slug, metering.country.code) == ("reliance-jio", "IN")
    assert metering.deal_type == "iot_connectivity"
    assert not metering.programme_participations.exists()
    assert metering.partner.status == "active"


def test_the_demo_is_idempotent(seeded):
    counts = (Participation.objects.count(), SLAReport.objects.count(), Deal.objects.count())
    programmes_demo.seed(stdout=io.StringIO())
    deals_demo.seed(stdout=io.StringIO())
    assert (
        Participation.objects.count(),
        SLAReport.objects.count(),
        Deal.objects.count(),
    ) == counts
