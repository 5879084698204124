"""The coverage matrix (partners × countries) and the white space suggestions.

Both are computed from a handful of aggregate queries over `Deal.objects.visible_to(user)`, never
one query per cell, so they stay fast with hundreds of partners and countries, and they can only
show what the viewer may see (a private deal of another operator never counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Max
from django_countries.fields import Country

from alliance.country_names import country_name
from alliance.models import Opco, Operator
from alliance.regions import countries_in
from deals.models import STAGE_RANK, Deal, Stage, stage_rank_expression
from deals.presenters import viewer_operator_id
from partners.models import Partner

RANK_STAGE = {rank: stage for stage, rank in STAGE_RANK.items()}


@dataclass
class Cell:
    stage: Stage | None = None
    operators: list[Operator] = field(default_factory=list)
    white_space: bool = False

    @property
    def label(self) -> str:
        return self.stage.label if self.stage else ""


@dataclass
class Row:
    partner: Partner
    cells: list[Cell]


class NamedCountry(NamedTuple):
    """A column of the matrix: up to two hundred, named from one table (alliance.country_names)."""

    code: str
    name: str


@dataclass
class Matrix:
    countries: list[NamedCountry]
    rows: list[Row]


def matrix_partners(user, *, category: str = "", region: str = ""):
    """The partners that have at least one visible open deal (in the region, if one is given)."""
    deals = Deal.objects.visible_to(user).open()
    if region:
        deals = deals.filter(country__in=countries_in(region))
    partners = Partner.objects.visible_to(user).filter(pk__in=deals.values("partner_id"))
    if category:
        partners = partners.filter(category=category)
    return partners.order_by("name")


def build_matrix(user, partners: list[Partner], *, region: str = "") -> Matrix:
    """Cells for `partners` (one page of matrix_partners): the best stage each reached in each
    country and the operators that reached it; white space in the viewer's own footprint."""
    best: dict[tuple[int, str], int] = {}
    by_operator: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    deals = Deal.objects.visible_to(user).open().filter(partner__in=partners)
    if region:
        deals = deals.filter(country__in=countries_in(region))
    rows = deals.values("partner_id", "country", "operator_id").annotate(
        rank=Max(stage_rank_expression())
    )
    operator_ids: set[int] = set()
    for row in rows.order_by():
        key = (row["partner_id"], row["country"])
        best[key] = max(best.get(key, 0), row["rank"])
        by_operator[key].append((row["operator_id"], row["rank"]))
        operator_ids.add(row["operator_id"])
    operators = Operator.objects.in_bulk(operator_ids)

    mine = viewer_operator_id(user)
    footprint = set(
        Opco.objects.filter(operator_id=mine).values_list("country", flat=True) if mine else []
    )
    if region:
        footprint &= countries_in(region)
    launched_partners = {p for (p, _), rank in best.items() if rank == STAGE_RANK[Stage.LAUNCHED]}
    mine_present = {key for key, ops in by_operator.items() if any(op == mine for op, _ in ops)}

    codes = sorted({code for _, code in best} | footprint, key=country_name)
    matrix_rows = []
    for partner in partners:
        cells = []
        for code in codes:
            rank = best.get((partner.pk, code), 0)
            cell = Cell()
            if rank:
                cell.stage = Stage(RANK_STAGE[rank])
                cell.operators = sorted(
                    (operators[op] for op, r in by_operator[(partner.pk, code)] if r == rank),
                    key=lambda o: o.name,
                )
            cell.white_space = (
                code in footprint
                and partner.pk in launched_partners
                and (partner.pk, code) not in mine_present
            )
            cells.append(cell)
        matrix_rows.append(Row(partner=partner, cells=cells))
    return Matrix(countries=[NamedCountry(c, country_name(c)) for c in codes], rows=matrix_rows)


@dataclass
class Suggestion:
    partner: Partner
    members: int
    countries: int
    missing: list[Country]

    # The dashboard names this many countries, then "and N more".
    NAMED = 4

    @property
    def named(self) -> list[Country]:
        return self.missing[: self.NAMED]

    @property
    def more(self) -> int:
        return max(len(self.missing) - self.NAMED, 0)


def white_space(user, *, limit: int = 5) -> list[Suggestion]:
    """Partners launched by other members whose countries in my footprint lack them:
    "Spotify is launched by 3 members in 5 countries; your opcos in Poland and Hungary don't have
    it". My footprint countries where my operator already has any deal for the partner (even a
    declined one) are not suggested again."""
    mine = viewer_operator_id(user)
    if mine is None:
        return []
    footprint = set(Opco.objects.filter(operator_id=mine).values_list("country", flat=True))
    if not footprint:
        return []
    launched = (
        Deal.objects.visible_to(user)
        .filter(stage=Stage.LAUNCHED)
        .exclude(operator_id=mine)
        .values("partner_id")
        .annotate(
            members=Count("operator_id", distinct=True), countries=Count("country", distinct=True)
        )
        .order_by("-members", "-countries", "partner_id")
    )
    covered: dict[int, set[str]] = defaultdict(set)
    for partner_id, code in (
        Deal.objects.filter(operator_id=mine).values_list("partner_id", "country").distinct()
    ):
        covered[partner_id].add(code)
    candidates = []
    for row in launched:
        missing = footprint - covered[row["partner_id"]]
        if missing:
            candidates.append((row, missing))
        if len(candidates) == limit:
            break
    wanted = [row["partner_id"] for row, _ in candidates]
    partners = Partner.objects.visible_to(user).in_bulk(wanted)
    return [
        Suggestion(
            partner=partners[row["partner_id"]],
            members=row["members"],
            countries=row["countries"],
            missing=sorted((Country(code=c) for c in missing), key=lambda c: c.name),
        )
        for row, missing in candidates
        if row["partner_id"] in partners
    ]
