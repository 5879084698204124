"""Demo data of the deals app: deals across the demo operators' footprints in every stage and
visibility, a declined one ("competing deal in place") and one exclusivity conflict.

Written through deals.services, so history, ledger and audit are what real use leaves; then the
history is dated back to the deal's own dates so that "time in each stage" reads like real life.
Idempotent: a deal that exists (same partner, operator and country) is left alone. The demo
operator `rogers` logs nothing: it is the inactive member the inactivity job should flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TextIO

from django.utils import timezone

from alliance.models import Bloc, Operator, User
from deals.models import Deal, StageChange
from deals.services import log_deal, move_deal
from partners.models import Introduction, Partner

INACTIVE_DEMO_OPERATOR = "rogers"
FORWARD = ("exploring", "negotiating", "signed", "launched", "ended")


@dataclass(frozen=True)
class DemoDeal:
    partner: str  # partner name
    operator: str  # operator slug
    country: str
    stage: str
    deal_type: str
    visibility: str
    summary: str
    notes: str = ""
    exclusive: bool = False
    decline: tuple[str, str] | None = None  # (reason, explanation)
    days_ago: int = 200  # when it started
    step_days: int = 30  # days between stages
    bloc: str = ""  # slug of the bloc a "bloc" deal is shared with


DEALS = [
    DemoDeal(
        "Spotify",
        "millicom",
        "CO",
        "launched",
        "bundling",
        "alliance",
        "Spotify Premium bundled with Tigo prepaid packs; music drove ARPU up 6%.",
        "Wholesale price 1.10 USD per sub, floor 200k subs.",
        days_ago=420,
        step_days=60,
    ),
    DemoDeal(
        "Spotify",
        "millicom",
        "GT",
        "launched",
        "carrier_billing",
        "alliance",
        "Carrier billing for Spotify in Guatemala after the Colombian bundle.",
        days_ago=260,
        step_days=40,
    ),
    DemoDeal(
        "Spotify",
        "orange",
        "FR",
        "launched",
        "bundling",
        "summary",
        "Premium included in Open family plans.",
        "Exclusive talks with Deezer ended.",
        days_ago=380,
        step_days=50,
    ),
    DemoDeal(
        "Spotify",
        "deutsche-telekom",
        "DE",
        "launched",
        "zero_rating",
        "alliance",
        "StreamOn-style zero-rating of Spotify traffic for MagentaMobil.",
        "Net neutrality review passed in 2025.",
        days_ago=500,
        step_days=70,
    ),
    DemoDeal(
        "Spotify",
        "deutsche-telekom",
        "PL",
        "negotiating",
        "bundling",
        "alliance",
        "Bundle for T-Mobile Polska, exclusive for Poland while we negotiate.",
        "Spotify asks for 18-month exclusivity.",
        exclusive=True,
        days_ago=90,
    ),
    DemoDeal(
        "Spotify",
        "orange",
        "PL",
        "exploring",
        "bundling",
        "alliance",
        "Looking at a music bundle for Orange Polska's youth plans.",
        days_ago=20,
    ),
    DemoDeal(
        "Spotify",
        "teliasonera",
        "SE",
        "launched",
        "bundling",
        "alliance",
        "Spotify with Telia's unlimited plans in Sweden.",
        days_ago=600,
        step_days=80,
    ),
    DemoDeal(
        "Airbnb",
        "deutsche-telekom",
        "DE",
        "signed",
        "co_marketing",
        "alliance",
        "Travel credit with EU roaming packs; launch before the summer season.",
        days_ago=150,
        step_days=45,
    ),
    DemoDeal(
        "Airbnb",
        "bt",
        "GB",
        "exploring",
        "co_marketing",
        "private",
        "Early talks about travel credit for EE roaming.",
        "Board has not approved yet.",
        days_ago=15,
    ),
    # Deals are logged only for partners in the alliance: Evernote, still an application under
    # review in the partners demo, has none.
    DemoDeal(
        "Family Wall",
        "teliasonera",
        "SE",
        "launched",
        "bundling",
        "alliance",
        "Family Wall bundled with Telia family plans.",
        days_ago=700,
        step_days=90,
    ),
    DemoDeal(
        "Family Wall",
        "teliasonera",
        "FI",
        "ended",
        "bundling",
        "alliance",
        "Family Wall with Sonera family plans; ended when usage stayed low.",
        "Under 2% activation after a year.",
        days_ago=720,
        step_days=120,
    ),
    DemoDeal(
        "Mojio",
        "telecom-italia",
        "IT",
        "launched",
        "iot_connectivity",
        "alliance",
        "Connected-car dongle on TIM IoT connectivity.",
        days_ago=330,
        step_days=60,
    ),
    DemoDeal(
        "Mojio",
        "deutsche-telekom",
        "PL",
        "negotiating",
        "iot_connectivity",
        "bloc",
        "Connected-car dongle for a logistics customer's fleet in Poland, under the M2M bloc's "
        "shared SLA so that the same fleet is served by Orange and Telia abroad.",
        "Target 18k SIMs in year one; the bloc's availability target is 99.5%.",
        days_ago=45,
        bloc="m2m-bloc",
    ),
    DemoDeal(
        "Mojio",
        "deutsche-telekom",
        "DE",
        "negotiating",
        "iot_connectivity",
        "summary",
        "Connected car for fleet customers.",
        "Pricing per active SIM under discussion.",
        days_ago=70,
    ),
    # Smart metering stays in one country: an IoT-connectivity deal of one operator, in no
    # cross-border programme (unlike Mojio's connected cars, deals.programmes.demo).
    DemoDeal(
        "GridPulse",
        "reliance-jio",
        "IN",
        "signed",
        "iot_connectivity",
        "alliance",
        "NB-IoT connectivity for two million smart meters of a state electricity utility.",
        "Flat fee per meter per year; ten-year term.",
        days_ago=160,
        step_days=50,
    ),
    DemoDeal(
        "Magisto",
        "mts",
        "RU",
        "declined",
        "distribution",
        "alliance",
        "Video editing app preloaded on MTS-branded handsets.",
        decline=(
            "competing_deal",
            "A competing deal in place with a local video editor covers our handsets until 2027.",
        ),
        days_ago=120,
    ),
    DemoDeal(
        "Celltick",
        "reliance-jio",
        "IN",
        "launched",
        "revenue_share",
        "alliance",
        "Lock-screen content on JioPhone devices, shared ad revenue.",
        "Rev share 60/40 in our favour.",
        days_ago=450,
        step_days=60,
    ),
    DemoDeal(
        "Celltick",
        "mts",
        "BY",
        "declined",
        "revenue_share",
        "summary",
        "Lock-screen ads on MTS Belarus handsets.",
        decline=("regulatory", "Advertising rules on lock screens are unclear in Belarus."),
        days_ago=200,
    ),
    DemoDeal(
        "Idomoo",
        "orange",
        "ES",
        "signed",
        "white_label",
        "summary",
        "Personalised video bills for Orange Espagne.",
        days_ago=110,
        step_days=40,
    ),
    DemoDeal(
        "Tessares",
        "telecom-italia",
        "IT",
        "exploring",
        "other",
        "private",
        "Hybrid access trial for rural lines.",
        "Trial in two Apulian towns.",
        days_ago=30,
    ),
    DemoDeal(
        "Personali",
        "bt",
        "IE",
        "negotiating",
        "revenue_share",
        "alliance",
        "Incentive-based pricing on BT Ireland's online shop.",
        days_ago=60,
    ),
    DemoDeal(
        "Zeotap",
        "reliance-jio",
        "IN",
        "signed",
        "revenue_share",
        "private",
        "Consented data for advertisers.",
        "Legal asked for a DPIA first.",
        days_ago=140,
    ),
    DemoDeal(
        "Family Wall",
        "orange",
        "FR",
        "launched",
        "white_label",
        "alliance",
        "White-labelled family organiser in Orange family plans.",
        days_ago=540,
        step_days=90,
    ),
    DemoDeal(
        "Family Wall",
        "bt",
        "GB",
        "signed",
        "white_label",
        "alliance",
        "Family Wall for EE family plans, introduced by Orange.",
        days_ago=45,
        step_days=20,
    ),
]


def _member(slug: str) -> User:
    if slug == INACTIVE_DEMO_OPERATOR:
        raise ValueError("The inactive demo operator must not contribute to the demo data.")
    return User.objects.get(email=f"member@{slug}.example")


def _path(demo: DemoDeal) -> list[str]:
    if demo.stage == "declined":
        return ["exploring", "negotiating", "declined"]
    return list(FORWARD[: FORWARD.index(demo.stage) + 1])


def _introduction(partner: Partner, operator: Operator, country: str) -> Introduction | None:
    """The demo introduction the deal came from: one of the partner to the operator, for the
    deal's country, that the operator accepted (logging the deal records that it led to it)."""
    received = Introduction.objects.filter(
        partner=partner, to_operator=operator, status__in=Introduction.LEADS_TO_DEALS
    )
    return next((i for i in received if country in i.countries), None)


def _seed_deal(demo: DemoDeal) -> bool:
    partner = Partner.objects.filter(name=demo.partner).first()
    operator = Operator.objects.get(slug=demo.operator)
    if (
        partner is None
        or Deal.objects.filter(partner=partner, operator=operator, country=demo.country).exists()
    ):
        return False
    by = _member(demo.operator)
    start = timezone.localdate() - timedelta(days=demo.days_ago)
    path = _path(demo)
    deal = log_deal(
        by=by,
        values={
            "partner": partner,
            "country": demo.country,
            "deal_type": demo.deal_type,
            "visibility": demo.visibility,
            "bloc": Bloc.objects.get(slug=demo.bloc) if demo.bloc else None,
            "summary": demo.summary,
            "confidential_notes": demo.notes,
            "exclusive": demo.exclusive,
            "started_on": start,
            "introduction": _introduction(partner, operator, demo.country),
        },
    )
    for step, stage in enumerate(path[1:], start=1):
        on = start + timedelta(days=step * demo.step_days)
        reason, explanation = demo.decline or ("", "")
        move_deal(
            deal=deal,
            by=by,
            to_stage=stage,
            on=on,
            decline_reason=reason if stage == "declined" else "",
            decline_explanation=explanation if stage == "declined" else "",
        )
    # Date the history back to the deal's own dates (demo only: real history is written live).
    for step, change in enumerate(deal.history.order_by("pk")):
        day = start + timedelta(days=step * demo.step_days)
        moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
        StageChange.objects.filter(pk=change.pk).update(changed_at=moment)
        Deal.objects.filter(pk=deal.pk).update(stage_changed_at=moment)
    return True


def seed(*, stdout: TextIO) -> None:
    """Create the demo deals (once)."""
    created = sum(_seed_deal(demo) for demo in DEALS)
    stdout.write(f"Deals: {created} created, {Deal.objects.count()} in all.\n")
