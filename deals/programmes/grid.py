"""Reading a programme for one viewer: its country grid (participant, invitation state, the stage of
its deal, the SLA, the last report), what is unassigned, its breaches and past invitations — in a
constant number of queries, whatever the number of countries. The page, the CSV export and the
bloc page's list read programmes through here.

A participation's deal is read through `Deal.objects.visible_to(viewer)` and the deal presenter:
a deal the viewer may not see reads as no deal (`deals.programmes.access`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django_countries.fields import Country

from deals.models import Deal
from deals.presenters import DealView, present
from deals.programmes.access import ProgrammeView
from deals.programmes.models import Participation, Programme, SLAReport
from deals.programmes.sla import months_back

# The breaches the programme page highlights: those of the last months reported.
BREACH_MONTHS = 6


@dataclass
class GridRow:
    country: Country
    participation: Participation | None = None
    deal: DealView | None = None
    reports: list[SLAReport] = field(default_factory=list)  # newest first

    @property
    def last_report(self) -> SLAReport | None:
        return self.reports[0] if self.reports else None

    @property
    def is_unassigned(self) -> bool:
        return self.participation is None


@dataclass
class PastRow:
    """A declined or withdrawn invitation, with its reason if the viewer may read it."""

    participation: Participation
    reason: str


@dataclass
class ProgrammeGrid:
    programme: Programme
    view: ProgrammeView
    rows: list[GridRow]
    past: list[PastRow]  # declined or withdrawn invitations, newest first

    @property
    def unassigned(self) -> list[Country]:
        return [row.country for row in self.rows if row.is_unassigned]

    @property
    def breaches(self) -> list[tuple[GridRow, SLAReport]]:
        since = months_back(timezone.localdate(), BREACH_MONTHS)
        return [
            (row, report)
            for row in self.rows
            for report in row.reports
            if report.is_breach and report.month >= since
        ]

    def count(self, status: str) -> int:
        statuses = [row.participation.status for row in self.rows if row.participation]
        return statuses.count(status)

    @property
    def taking_part(self) -> int:
        return self.count(Participation.Status.ACCEPTED)

    @property
    def invited(self) -> int:
        return self.count(Participation.Status.INVITED)


def programme_grid(programme: Programme, user) -> ProgrammeGrid:
    """The grid of `programme` (one the user sees) as `user` sees it: three queries."""
    participations = list(
        programme.participations.select_related("operator", "platform").order_by(
            "country", "-invited_at"
        )
    )
    current = {p.country.code: p for p in participations if p.is_current}
    deal_ids = [p.deal_id for p in current.values() if p.deal_id]
    deals = {
        view.deal.pk: view
        for view in present(
            Deal.objects.visible_to(user).for_listing().filter(pk__in=deal_ids), user
        )
    }
    reports: dict[int, list[SLAReport]] = defaultdict(list)
    for report in SLAReport.objects.filter(
        participation_id__in=[p.pk for p in current.values()]
    ).order_by("-month"):
        reports[report.participation_id].append(report)
    rows = []
    for code in programme.countries:
        participation = current.get(code)
        rows.append(
            GridRow(
                country=Country(code),
                participation=participation,
                deal=deals.get(participation.deal_id) if participation else None,
                reports=reports.get(participation.pk, []) if participation else [],
            )
        )
    rows.sort(key=lambda row: row.country.name)
    view = ProgrammeView(programme, user, participations)
    past = [
        PastRow(p, view.shown(p, "answer_reason") or view.shown(p, "withdraw_reason"))
        for p in sorted(participations, key=lambda p: p.invited_at, reverse=True)
        if not p.is_current
    ]
    return ProgrammeGrid(programme=programme, view=view, rows=rows, past=past)


def for_listing(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """What a list of programmes shows of each, in one query: its lead, partner and bloc, how many
    operators take part and are invited, and its breaches of the last months."""
    since: date = months_back(timezone.localdate(), BREACH_MONTHS)
    reports = "participations__reports"
    return programmes.select_related("lead", "partner", "bloc").annotate(
        taking_part=Count(
            "participations",
            filter=Q(participations__status=Participation.Status.ACCEPTED),
            distinct=True,
        ),
        invited=Count(
            "participations",
            filter=Q(participations__status=Participation.Status.INVITED),
            distinct=True,
        ),
        recent_breaches=Count(
            reports,
            filter=Q(
                participations__status=Participation.Status.ACCEPTED,
                **{f"{reports}__month__gte": since},
                **{f"{reports}__availability__lt": F(f"{reports}__target")},
            ),
            distinct=True,
        ),
    )
