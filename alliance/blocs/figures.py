"""What a bloc page (and the API's bloc detail) shows: its members, their combined footprint by
country and the platforms their opcos run — in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django_countries.fields import Country

from alliance.models import Bloc, BlocMembership, Opco, OpcoPlatform, Operator, Platform


@dataclass
class CountryRow:
    country: Country
    opcos: list[Opco] = field(default_factory=list)

    @property
    def platforms(self) -> list[Platform]:
        """The platforms run in this country by any of the bloc's opcos there."""
        seen: dict[int, Platform] = {}
        for opco in self.opcos:
            for link in opco.platform_links.all():
                seen.setdefault(link.platform_id, link.platform)
        return sorted(seen.values(), key=lambda platform: platform.name)


@dataclass
class PlatformRow:
    platform: Platform
    operators: list[Operator] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)


@dataclass
class BlocFigures:
    members: list[Operator]
    footprint: list[CountryRow]
    platforms: list[PlatformRow]

    @property
    def country_count(self) -> int:
        return len(self.footprint)

    @property
    def shared_platforms(self) -> list[PlatformRow]:
        """Platforms run by more than one member: what a multinational customer asks for."""
        return [row for row in self.platforms if len(row.operators) > 1]


def members_of(bloc: Bloc) -> QuerySet[Operator]:
    """Its active members; once dissolved, those it had then (for the record: a dissolved bloc
    shares nothing, see `BlocMembership.objects.active`)."""
    memberships = BlocMembership.objects.filter(bloc=bloc, status=BlocMembership.Status.ACTIVE)
    return (
        Operator.objects.current().filter(pk__in=memberships.values("operator_id")).order_by("name")
    )


def figures_of(bloc: Bloc) -> BlocFigures:
    """The bloc's members, their opcos by country and their platforms (3 queries)."""
    members = list(members_of(bloc).annotate(opco_count=Count("opcos")))
    opcos = (
        Opco.objects.filter(operator__in=members)
        .select_related("operator")
        .prefetch_related(
            Prefetch(
                "platform_links",
                OpcoPlatform.objects.select_related("platform").order_by("platform__name"),
            )
        )
        .order_by("country", "operator__name")
    )
    by_country: dict[str, CountryRow] = {}
    platforms: dict[int, PlatformRow] = {}
    platform_countries: dict[int, set[str]] = defaultdict(set)
    for opco in opcos:
        code = opco.country.code
        by_country.setdefault(code, CountryRow(country=Country(code=code))).opcos.append(opco)
        for link in opco.platform_links.all():
            row = platforms.setdefault(link.platform_id, PlatformRow(platform=link.platform))
            if opco.operator not in row.operators:
                row.operators.append(opco.operator)
            platform_countries[link.platform_id].add(code)
    for platform_id, row in platforms.items():
        row.operators.sort(key=lambda operator: operator.name)
        row.countries = sorted(
            (Country(code=code) for code in platform_countries[platform_id]),
            key=lambda country: country.name,
        )
    return BlocFigures(
        members=members,
        footprint=sorted(by_country.values(), key=lambda row: row.country.name),
        platforms=sorted(
            platforms.values(), key=lambda row: (-len(row.operators), row.platform.name)
        ),
    )


def with_member_counts(blocs: QuerySet[Bloc]) -> QuerySet[Bloc]:
    """Blocs with `member_count` (active members) for the list, in the same query."""
    return blocs.annotate(
        member_count=Count(
            "memberships",
            filter=Q(memberships__status=BlocMembership.Status.ACTIVE)
            & ~Q(memberships__operator__status=Operator.Status.REMOVED),
        )
    )
