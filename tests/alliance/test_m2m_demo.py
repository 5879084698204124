"""The M2M/IoT demo data: the platform catalogue and the opcos' capabilities, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest

from alliance import demo, demo_m2m
from alliance.finder import find_coverage
from alliance.finder_input import parse_country_list
from alliance.models import AuditLogEntry, Opco, OpcoPlatform, OpcoService, Platform


@pytest.fixture
def m2m_demo(db) -> None:
    demo.seed(stdout=StringIO())
    demo_m2m.seed(stdout=StringIO())


def runs(slug: str, country: str) -> set[str]:
    opco = Opco.objects.get(operator__slug=slug, country=country)
    return set(opco.platform_links.values_list("platform__slug", flat=True))


def test_the_catalogue_has_the_vendor_platforms_and_operators_own_ones(m2m_demo):
    assert {"cisco-jasper", "ericsson-dcp", "nokia-wing"} <= set(
        Platform.objects.filter(owner__isnull=True).values_list("slug", flat=True)
    )
    own = dict(Platform.objects.filter(owner__isnull=False).values_list("slug", "owner__slug"))
    assert own["orange-live-objects"] == "orange"
    assert own["telekom-iot-hub"] == "deutsche-telekom"


def test_jasper_runs_at_rogers_and_dcp_at_teliasonera(m2m_demo):
    assert runs("rogers", "CA") == {"cisco-jasper"}
    assert runs("teliasonera", "SE") == {"ericsson-dcp"}
    assert runs("orange", "FR") == {"orange-live-objects", "ericsson-dcp"}


def test_services_are_spread_and_brazil_allows_no_permanent_roaming(m2m_demo):
    services = set(OpcoService.objects.values_list("service", flat=True))
    assert services == {"permanent_roaming", "esim", "nb_iot", "lte_m"}
    brazil = Opco.objects.get(operator__slug="telecom-italia", country="BR")
    assert not brazil.m2m_services.filter(service="permanent_roaming").exists()


def test_the_demo_is_written_through_the_service_and_audited_once(m2m_demo):
    first = AuditLogEntry.objects.filter(action="opco.m2m_updated").count()
    rows = (list(OpcoPlatform.objects.values_list("opco", "platform").order_by("pk")),)

    out = StringIO()
    demo_m2m.seed(stdout=out)

    assert first == sum(len(countries) for countries in demo_m2m.CAPABILITIES.values())
    assert AuditLogEntry.objects.filter(action="opco.m2m_updated").count() == first
    assert (list(OpcoPlatform.objects.values_list("opco", "platform").order_by("pk")),) == rows
    assert "(0 updated)" in out.getvalue()


def test_the_connected_car_request_of_twenty_countries_is_covered(m2m_demo):
    codes = parse_country_list(demo_m2m.CONNECTED_CAR_COUNTRIES).codes

    result = find_coverage(countries=codes, platform=None, service=None)

    assert len(codes) == 20
    assert result.uncovered == []
    assert 1 < len(result.recommended) < 10
