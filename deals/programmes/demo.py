"""Demo data of programmes: a connected-car programme led by Deutsche Telekom for Mojio and a
leasing customer across fifteen countries — Telekom's own opcos, Orange, TeliaSonera, Telecom
Italia and BT taking part, Rogers invited (and not answering: it is the demo's inactive member),
Orange's decline for Poland (Telekom took Poland itself), Portugal unassigned (no member has an
opco there) — with three months of SLA reports, one of them a breach in Italy. It re-uses the
Mojio deals the deals demo logged in Germany and Italy and logs a few more through the services.

Written through `deals.programmes.services` and `.sla`, so ledger and audit are what real use
leaves; then invitations and answers are dated back four months. Idempotent: the programme, each
participation and each report is created once; a second run changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from alliance.models import Bloc, BlocMembership, Operator, Platform, User
from deals.models import Deal
from deals.programmes import services, sla
from deals.programmes.models import Participation, Programme
from deals.programmes.sla import months_back
from partners.models import Partner

LEAD = "deutsche-telekom"
NAME = "Connected cars across Europe and Canada"
PARTNER = "Mojio"
CUSTOMER = "EuroFleet Leasing"
COUNTRIES = ("DE", "AT", "NL", "CZ", "PL", "FR", "ES", "BE", "SE", "FI", "NO", "IT", "GB", "CA")
UNASSIGNED = "PT"  # no member has an opco in Portugal
BREACH = ("IT", 2, Decimal("99.100"))  # country, months ago, availability achieved
INVITED_DAYS_AGO = 120


@dataclass(frozen=True)
class DemoPart:
    country: str
    operator: str
    target: str = "99.5"
    hours: int = 4
    roaming: bool = True
    platform: str | None = None
    contact: tuple[str, str, str] = ("IoT NOC", "", "")
    deal: str | None = None  # a stage: log a new Mojio deal there; "link": link the existing one
    answer: str = "accept"  # "accept", or "invite" (left unanswered)


PARTS = (
    DemoPart("DE", LEAD, platform="telekom-iot-hub", deal="link"),
    DemoPart("AT", LEAD, platform="telekom-iot-hub", deal="signed"),
    DemoPart("NL", LEAD, platform="cisco-jasper"),
    DemoPart("CZ", LEAD, platform="telekom-iot-hub"),
    DemoPart("PL", LEAD, platform="telekom-iot-hub"),
    DemoPart("FR", "orange", platform="orange-live-objects", deal="negotiating"),
    DemoPart("ES", "orange", platform="ericsson-dcp"),
    DemoPart("BE", "orange", platform="ericsson-dcp"),
    DemoPart("SE", "teliasonera", platform="ericsson-dcp", deal="signed"),
    DemoPart("FI", "teliasonera", platform="ericsson-dcp"),
    DemoPart("NO", "teliasonera", platform="ericsson-dcp"),
    DemoPart("IT", "telecom-italia", platform="cisco-jasper", deal="link"),
    DemoPart("GB", "bt", target="99.9", hours=2, platform="cisco-jasper", deal="exploring"),
    DemoPart("CA", "rogers", target="99.0", hours=8, roaming=False, answer="invite"),
)
# Orange was asked for Poland first and declined; Telekom then took Poland itself.
DECLINED = DemoPart("PL", "orange")
DECLINE_REASON = (
    "Orange Polska's IoT team is committed to a smart-metering roll-out until the autumn; "
    "ask us again for the next phase."
)
# Monthly figures: (availability, incidents, hours to restore) for the months 3, 2 and 1 ago.
FIGURES = {
    3: (Decimal("99.950"), 1, Decimal("1.50")),
    2: (Decimal("99.930"), 2, Decimal("2.25")),
    1: (Decimal("99.920"), 1, Decimal("0.75")),
}


def _person(role: str, slug: str) -> User:
    return User.objects.get(email=f"{role}@{slug}.example")


def _bloc_of(lead: Operator) -> Bloc | None:
    """The demo M2M bloc, if the blocs demo made one with the lead in it."""
    return (
        Bloc.objects.active()
        .filter(memberships__operator=lead, memberships__status=BlocMembership.Status.ACTIVE)
        .order_by("name")
        .first()
    )


def _programme(lead: Operator) -> Programme:
    programme = Programme.objects.filter(lead=lead, name=NAME).first()
    by = _person("member", LEAD)
    bloc = _bloc_of(lead)
    if programme is None:
        programme = services.start_programme(
            by=by,
            name=NAME,
            partner=Partner.objects.get(name=PARTNER),
            customer=CUSTOMER,
            countries=[*COUNTRIES, UNASSIGNED],
            bloc=bloc,
            description=(
                "One connected-car service for EuroFleet's leased vehicles: Mojio's dongle and "
                "app on a local operator in every country, with one SLA and monthly figures."
            ),
        )
    elif programme.bloc_id is None and bloc is not None:
        services.update_programme(programme=programme, by=by, values={"bloc": bloc})
    return programme


def _invite(programme: Programme, part: DemoPart) -> Participation:
    return services.invite_participant(
        programme=programme,
        by=_person("member", LEAD),
        country=part.country,
        operator=Operator.objects.get(slug=part.operator),
        availability_target=Decimal(part.target),
        support_response_hours=part.hours,
        permanent_roaming_allowed=part.roaming,
    )


def _operations(part: DemoPart) -> dict:
    name = f"{part.contact[0]} {part.operator.replace('-', ' ').title()}"
    return {
        "escalation_name": name,
        "escalation_email": f"iot-noc@{part.operator}.example",
        "escalation_phone": "+00 100 200 300",
        "platform": Platform.objects.get(slug=part.platform) if part.platform else None,
    }


def _seed_part(programme: Programme, part: DemoPart) -> bool:
    if programme.participations.filter(country=part.country, operator__slug=part.operator).exists():
        return False
    participation = _invite(programme, part)
    if part.answer == "invite":
        return True
    manager = _person("manager", part.operator)
    if participation.status == Participation.Status.INVITED:
        participation = services.answer_invitation(
            participation=participation, by=manager, accept=True, operations=_operations(part)
        )
    else:  # the lead takes part itself: accepted at once
        participation = services.update_sla(
            participation=participation, by=manager, values=_operations(part)
        )
    member = _person("member", part.operator)
    if part.deal == "link":
        deal = Deal.objects.open().get(
            partner=programme.partner, operator=participation.operator, country=part.country
        )
        services.link_deal(participation=participation, by=member, deal=deal)
    elif part.deal:
        services.log_participation_deal(
            participation=participation,
            by=member,
            values={
                "stage": part.deal,
                "summary": f"Mojio connected car for {CUSTOMER}'s fleet, part of the programme.",
            },
        )
    return True


def _seed_decline(programme: Programme) -> None:
    if programme.participations.filter(country=DECLINED.country, operator__slug="orange").exists():
        return
    participation = _invite(programme, DECLINED)
    services.answer_invitation(
        participation=participation,
        by=_person("manager", DECLINED.operator),
        accept=False,
        reason=DECLINE_REASON,
    )


def _seed_reports(programme: Programme) -> int:
    today, filed = timezone.localdate(), 0
    for participation in programme.participations.accepted().select_related("operator"):
        reported = set(participation.reports.values_list("month", flat=True))
        for months_ago, (availability, incidents, mttr) in FIGURES.items():
            month = months_back(today, months_ago)
            if month in reported:
                continue
            if (participation.country.code, months_ago) == BREACH[:2]:
                availability, incidents, mttr = BREACH[2], 5, Decimal("6.40")
            sla.file_sla_report(
                participation=participation,
                by=_person("member", participation.operator.slug),
                month=month,
                availability=availability,
                incidents=incidents,
                mttr_hours=mttr,
            )
            filed += 1
    return filed


def _date_back(programme: Programme) -> None:
    """Invitations and answers as if sent four months ago (demo only: real ones are live)."""
    invited = timezone.now() - timedelta(days=INVITED_DAYS_AGO)
    answered = invited + timedelta(days=3)
    programme.participations.exclude(status=Participation.Status.INVITED).update(
        invited_at=invited, answered_at=answered
    )
    Programme.objects.filter(pk=programme.pk).update(created_at=invited - timedelta(days=2))


def seed(*, stdout: TextIO) -> None:
    """Create the demo programme, its participations and reports (once)."""
    programme = _programme(Operator.objects.get(slug=LEAD))
    _seed_decline(programme)  # before Telekom takes Poland itself
    created = sum(_seed_part(programme, part) for part in PARTS)
    if created:
        _date_back(programme)
    filed = _seed_reports(programme)
    stdout.write(
        f"Programmes: “{programme.name}” across {len(programme.countries)} countries "
        f"({created} participations and {filed} SLA reports created).\n"
    )
