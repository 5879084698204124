"""Demo data of M2M/IoT capabilities: the platform catalogue (three vendor platforms and some
operators' own ones) and, per opco, the platforms it runs and the M2M services it offers — Jasper
at Rogers, DCP at TeliaSonera, own platforms elsewhere.

Idempotent: catalogue entries are upserted by slug and each opco's capabilities written through
`alliance.m2m.set_opco_m2m` (by the demo admin, so they are audited like any staff change), which
writes nothing when they are already as listed here.
"""

from __future__ import annotations

from typing import TextIO

from alliance.demo import ADMIN_EMAIL, _upsert
from alliance.m2m import set_opco_m2m
from alliance.models import M2MService, Opco, Operator, Platform, User

JASPER, DCP, WING = "cisco-jasper", "ericsson-dcp", "nokia-wing"

# slug: (name, vendor, owner's slug or None, description)
PLATFORMS: dict[str, tuple[str, str, str | None, str]] = {
    JASPER: (
        "Cisco IoT Control Center (Jasper)",
        "Cisco",
        None,
        "Connectivity management for IoT SIMs: activation, rating, diagnostics and automation "
        "rules, with one API across every operator that runs it.",
    ),
    DCP: (
        "Ericsson IoT Accelerator (DCP)",
        "Ericsson",
        None,
        "Ericsson's Device Connection Platform: global SIM management, eSIM subscription "
        "management and self-service diagnostics for enterprise customers.",
    ),
    WING: (
        "Nokia WING",
        "Nokia",
        None,
        "Nokia's Worldwide IoT Network Grid: a managed, federated IoT connectivity service with "
        "one SIM and one contract across its partner operators.",
    ),
    "orange-live-objects": (
        "Orange Live Objects",
        "Orange",
        "orange",
        "Orange's own IoT platform: device management, data collection and connectivity.",
    ),
    "telekom-iot-hub": (
        "Telekom IoT Hub",
        "Deutsche Telekom",
        "deutsche-telekom",
        "Deutsche Telekom's own connectivity management for its European opcos.",
    ),
    "jio-iot-platform": (
        "Jio IoT platform",
        "Reliance Jio",
        "reliance-jio",
        "Jio's own NB-IoT and LTE-M platform for Indian smart-metering and fleet customers.",
    ),
}

ROAM, ESIM, NB, LTEM = (
    M2MService.PERMANENT_ROAMING,
    M2MService.ESIM,
    M2MService.NB_IOT,
    M2MService.LTE_M,
)
EU_FULL = (ROAM, ESIM, NB, LTEM)

# operator slug → {country: (platform slugs, services)}
CAPABILITIES: dict[str, dict[str, tuple[tuple[str, ...], tuple[M2MService, ...]]]] = {
    "rogers": {"CA": ((JASPER,), (ESIM, LTEM))},
    "teliasonera": {
        "SE": ((DCP,), EU_FULL),
        "FI": ((DCP,), EU_FULL),
        "NO": ((DCP,), EU_FULL),
        "DK": ((DCP,), (ROAM, ESIM, NB)),
        "EE": ((DCP,), (ROAM, ESIM, LTEM)),
        "LT": ((DCP,), (ROAM, ESIM, LTEM)),
        "LV": ((DCP,), (ROAM, ESIM)),
        "KZ": ((DCP,), (ESIM,)),
    },
    "deutsche-telekom": {
        "DE": (("telekom-iot-hub", JASPER), EU_FULL),
        "NL": (("telekom-iot-hub", JASPER), EU_FULL),
        "AT": (("telekom-iot-hub", JASPER), EU_FULL),
        "PL": (("telekom-iot-hub",), EU_FULL),
        "CZ": (("telekom-iot-hub",), EU_FULL),
        "HU": (("telekom-iot-hub",), (ROAM, ESIM, NB)),
        "SK": (("telekom-iot-hub",), (ROAM, ESIM, NB)),
        "HR": (("telekom-iot-hub",), (ROAM, NB)),
        "GR": (("telekom-iot-hub",), (ROAM, ESIM, NB)),
        "RO": (("telekom-iot-hub",), (ROAM, NB)),
        "US": ((JASPER,), (ESIM, LTEM)),
    },
    "orange": {
        "FR": (("orange-live-objects", DCP), (ROAM, ESIM, LTEM)),
        "ES": (("orange-live-objects", DCP), (ROAM, ESIM, LTEM)),
        "BE": (("orange-live-objects", DCP), (ROAM, ESIM, NB, LTEM)),
        "PL": (("orange-live-objects", DCP), (ROAM, ESIM, LTEM)),
        "RO": (("orange-live-objects", DCP), (ROAM, ESIM)),
        "SK": (("orange-live-objects", DCP), (ROAM, ESIM)),
        "MA": (("orange-live-objects",), (ESIM,)),
        "EG": (("orange-live-objects",), ()),
    },
    "bt": {
        "GB": ((JASPER,), (ROAM, ESIM, LTEM)),
        "IE": ((JASPER,), (ROAM, ESIM)),
    },
    "telecom-italia": {
        "IT": ((JASPER, DCP), (ROAM, ESIM, NB)),
        # Brazil forbids permanent roaming.
        "BR": ((JASPER,), (ESIM, NB)),
    },
    "millicom": {
        "CO": ((WING,), (LTEM,)),
        "GT": ((WING,), ()),
        "PA": ((WING,), ()),
        "CR": ((WING,), ()),
    },
    "mts": {"RU": ((WING,), (NB,)), "BY": ((WING,), ())},
    "reliance-jio": {"IN": (("jio-iot-platform",), (ESIM, NB, LTEM))},
}

# A 20-country connected-car request the finder answers in the demo (README walkthrough).
CONNECTED_CAR_COUNTRIES = (
    "Germany, France, Spain, Italy, Poland, Netherlands, Belgium, Austria, Czechia, Hungary, "
    "Sweden, Finland, Norway, Denmark, United Kingdom, Ireland, Greece, Romania, Canada, "
    "United States"
)


def seed(*, stdout: TextIO) -> None:
    """Create or bring up to date the platform catalogue and the demo opcos' capabilities."""
    operators = {op.slug: op for op in Operator.objects.filter(slug__in=CAPABILITIES)}
    platforms = {}
    for slug, (name, vendor, owner, description) in PLATFORMS.items():
        platforms[slug] = _upsert(
            Platform,
            {"slug": slug},
            {
                "name": name,
                "vendor": vendor,
                "description": description,
                "owner": operators.get(owner) if owner else None,
            },
        )
    admin = User.objects.get(email=ADMIN_EMAIL)
    opcos = {
        (opco.operator.slug, str(opco.country)): opco
        for opco in Opco.objects.filter(operator__in=operators.values()).select_related("operator")
    }
    changed = 0
    for operator_slug, countries in CAPABILITIES.items():
        for country, (runs, services) in countries.items():
            changed += set_opco_m2m(
                opco=opcos[operator_slug, country],
                platforms=[platforms[slug] for slug in runs],
                services=[service.value for service in services],
                by=admin,
            )
    total = sum(len(countries) for countries in CAPABILITIES.values())
    stdout.write(
        f"M2M/IoT: {len(PLATFORMS)} platforms in the catalogue, {total} opcos with platforms "
        f"and services ({changed} updated).\n"
    )
