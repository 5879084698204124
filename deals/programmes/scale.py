"""The programmes' part of `manage.py seed_scale`: cross-border programmes led by members (some
inside a bloc), one participation per country with its SLA, and the monthly SLA reports of those
taking part (a few of them breaches), with the ledger rows the services write for each."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from alliance.models import Contribution
from alliance.scale import (
    SeededOperator,
    active_blocs,
    operators,
    pick_operator,
    pick_person,
    record_contributions,
    vendor_platforms,
)
from alliance.scale_kit import ScaleRun, Step, col, copy_rows, table
from deals.programmes.models import (
    Participation,
    Programme,
    SLAReport,
)
from partners.scale import pick_partner

_CUSTOMERS = ("EuroFleet", "Nordic Freight", "Metro Meters", "Atlas Logistics", "Carwise",
              "Polar Cold Chain", "Sahel Water", "Andes Mining")  # fmt: skip
_ANSWER_WEIGHTS = {
    Participation.Status.INVITED: 15,
    Participation.Status.ACCEPTED: 65,
    Participation.Status.DECLINED: 10,
    Participation.Status.WITHDRAWN: 10,
}
MONTHS_REPORTED = 12
_TARGETS = tuple(Decimal(target) for target in ("99.0", "99.5", "99.9", "99.95"))


def seed(run: ScaleRun) -> None:
    with Step(run, "programmes, participations and SLA reports"):
        _seed_programmes(run)
    with Step(run, "programmes' ledger rows"):
        _seed_ledger(run)


def _first_of_month(moment: datetime) -> date:
    return moment.date().replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _serving_operators(run: ScaleRun) -> dict[str, list[SeededOperator]]:
    """Country code → the contributing operators with an opco there."""
    serving: dict[str, list[SeededOperator]] = {}
    for operator in operators(run):
        if operator.contributes:
            for country in operator.countries:
                serving.setdefault(country, []).append(operator)
    return serving


def _bloc_of(run: ScaleRun, operator: SeededOperator) -> int | None:
    return next((bloc for bloc, members in active_blocs(run) if operator.id in members), None)


def _seed_programmes(run: ScaleRun) -> None:
    rng, serving = run.rng, _serving_operators(run)
    countries_served = sorted(serving)
    programmes, participations, reports = [], [], []
    for pk in range(1, run.size("programmes") + 1):
        lead = pick_operator(run)
        partner = pick_partner(run) if rng.random() < 0.7 else None
        customer = rng.choice(_CUSTOMERS) if partner is None or rng.random() < 0.3 else ""
        wanted = rng.randint(3, 12)
        countries = list(dict.fromkeys([lead.countries[0], *rng.sample(
            countries_served, min(wanted, len(countries_served)))]))  # fmt: skip
        created = run.days_ago(rng.uniform(30, 720))
        bloc = _bloc_of(run, lead) if rng.random() < 0.5 else None
        name = f"{customer or 'IoT roll-out'} across {len(countries)} countries #{pk}"
        programmes.append((pk, lead.id, name[:160], partner.id if partner else None, customer,
                           run.writer.paragraph(1), bloc, countries, "active",
                           pick_person(run, lead), created, created))  # fmt: skip
        for country in countries:
            operator = lead if country in lead.countries else rng.choice(serving[country])
            row = _participation(run, len(participations) + 1, pk, country, operator, lead,
                                 created)  # fmt: skip
            participations.append(row)
            if row[4] == Participation.Status.ACCEPTED:
                reports.extend(_reports(run, row, operator))
    fields = ("id", "lead", "name", "partner", "customer", "description", "bloc", "countries",
              "status", "created_by", "created_at", "updated_at")  # fmt: skip
    run.wrote(Programme, copy_rows(Programme, fields, programmes))
    fields = ("id", "programme", "country", "operator", "status", "response_due_on",
              "invited_by", "invited_at", "answered_by", "answered_at", "answer_reason",
              "withdrawn_at", "withdraw_reason", "availability_target", "support_response_hours",
              "permanent_roaming_allowed", "platform", "escalation_name", "escalation_email",
              "escalation_phone", "created_at", "updated_at")  # fmt: skip
    run.wrote(Participation, copy_rows(Participation, fields, participations))
    fields = ("participation", "month", "availability", "incidents", "mttr_hours", "target",
              "reported_by", "reported_at")  # fmt: skip
    run.wrote(SLAReport, copy_rows(SLAReport, fields, reports))


def _participation(run, pk, programme_id, country, operator, lead, created) -> tuple:
    """One participation row; the lead takes part in its own countries at once."""
    rng = run.rng
    own = operator.id == lead.id
    status = Participation.Status.ACCEPTED if own else rng.choices(
        list(_ANSWER_WEIGHTS), list(_ANSWER_WEIGHTS.values()))[0]  # fmt: skip
    answered = created + timedelta(days=0 if own else rng.uniform(1, 20))
    is_open = status == Participation.Status.INVITED
    withdrawn = status == Participation.Status.WITHDRAWN
    taking_part = status == Participation.Status.ACCEPTED
    platforms = vendor_platforms(run)
    return (
        pk, programme_id, country, operator.id, status, (created + timedelta(days=14)).date(),
        pick_person(run, lead), created,
        None if is_open else pick_person(run, operator), None if is_open else answered,
        "No capacity for this customer's volumes." if status == "declined" else "",
        answered + timedelta(days=30) if withdrawn else None,
        "Replaced by a wider operator." if withdrawn else "",
        rng.choice(_TARGETS), rng.choice((4, 8, 24)), rng.random() < 0.5,
        rng.choice(platforms) if platforms and rng.random() < 0.6 else None,
        f"NOC {operator.name}" if taking_part else "",
        f"noc@{operator.slug}.example" if taking_part else "",
        "", created, answered,
    )  # fmt: skip


def _reports(run: ScaleRun, participation: tuple, operator: SeededOperator) -> list[tuple]:
    """Monthly reports from the month after the participant accepted, up to last month (at
    most a year of them); one in twenty misses its target."""
    rng, answered, target = run.rng, participation[9], participation[13]
    last = _first_of_month(run.now - timedelta(days=run.now.day))
    month = max(_next_month(_first_of_month(answered)),
                _first_of_month(run.now - timedelta(days=31 * MONTHS_REPORTED)))  # fmt: skip
    rows = []
    while month <= last:
        breach = rng.random() < 0.05
        achieved = target - Decimal("0.400") if breach else min(
            Decimal("100"), target + Decimal(rng.randint(0, 50)) / 1000)  # fmt: skip
        reported = datetime.combine(_next_month(month), datetime.min.time(), run.now.tzinfo)
        rows.append((participation[0], month, achieved, rng.randint(0, 6),
                     Decimal(rng.randint(5, 400)) / 100, target, pick_person(run, operator),
                     reported + timedelta(hours=rng.uniform(1, 120))))  # fmt: skip
        month = _next_month(month)
    return rows


def _seed_ledger(run: ScaleRun) -> None:
    """As the services write them: the lead for starting a programme, the participant for
    taking part, the reporter's operator for each SLA report."""
    kinds, p, part = Contribution.Kind, Programme, Participation
    record_contributions(run, kind=kinds.PROGRAMME_LED, source=p,
                         operator=f"src.{col(p, 'lead')}", user=f"src.{col(p, 'created_by')}",
                         at=f"src.{col(p, 'created_at')}")  # fmt: skip
    record_contributions(run, kind=kinds.PROGRAMME_JOINED, source=part,
                         operator=f"src.{col(part, 'operator')}",
                         user=f"src.{col(part, 'answered_by')}",
                         at=f"src.{col(part, 'answered_at')}",
                         where=f"src.{col(part, 'status')} = 'accepted'")  # fmt: skip
    record_contributions(run, kind=kinds.SLA_REPORTED, source=SLAReport,
                         join=f"JOIN {table(part)} part ON part.{col(part, 'id')} = "
                              f"src.{col(SLAReport, 'participation')}",
                         operator=f"part.{col(part, 'operator')}",
                         user=f"src.{col(SLAReport, 'reported_by')}",
                         at=f"src.{col(SLAReport, 'reported_at')}")  # fmt: skip
