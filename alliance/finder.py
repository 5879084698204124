"""The coverage finder on the database: load the opcos that could serve the requested countries
(in five queries, whatever their number), run the algorithm of `alliance.finder_core`, and give
the page and the API one result to present.

Who counts: opcos of operators that may contribute today (`Operator.objects.contributing()`:
active, or at risk). Removed operators are no longer members; suspended ones are read-only until
reinstated, so they could not take part in a deal the finder leads to — proposing them would send
the member to someone who cannot say yes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from alliance import finder_core
from alliance.country_names import country_name
from alliance.models import M2MService, Opco, OpcoPlatform, OpcoService, Operator, Platform

SERVICE_LABELS = dict(M2MService.choices)


class Country(NamedTuple):
    """A country as the answer shows it. Names come from one table per language: looking each of
    a whole world's countries up through django-countries' translations costs a tenth of a
    second per page."""

    code: str
    name: str


def country(code: str) -> Country:
    return Country(code, country_name(code))


@dataclass(frozen=True, slots=True)
class OfferRow:
    """One opco able to serve a country, ready to show."""

    operator: Operator
    brand_name: str
    platforms: tuple[Platform, ...]
    services: tuple[str, ...]
    proposed: bool  # its operator is the recommended plan's choice for this country

    @property
    def service_labels(self) -> list[str]:
        return [SERVICE_LABELS[value] for value in self.services]


@dataclass(frozen=True)
class CountryRow:
    country: Country
    offers: tuple[OfferRow, ...]
    proposed: Operator | None

    @property
    def covered(self) -> bool:
        return bool(self.offers)


@dataclass(frozen=True)
class PlanView:
    operators: tuple[Operator, ...]
    platform: Platform | None
    # operator → the requested countries it would serve in this plan
    countries: dict[int, tuple[Country, ...]]

    def __len__(self) -> int:
        return len(self.operators)

    def items(self) -> list[tuple[Operator, tuple[Country, ...]]]:
        return [(operator, self.countries[operator.pk]) for operator in self.operators]


@dataclass(frozen=True)
class FinderResult:
    answer: finder_core.Answer
    operators: dict[int, Operator]
    platforms: dict[int, Platform]
    brands: dict[int, str]
    opco_services: dict[int, tuple[str, ...]]
    platform: Platform | None
    service: str | None

    def _plan(self, plan: finder_core.Plan | None) -> PlanView | None:
        if plan is None:
            return None
        countries: dict[int, list[Country]] = {op: [] for op in plan.operators}
        for code, operator in plan.assignment.items():
            countries[operator].append(country(code))
        return PlanView(
            operators=tuple(self.operators[op] for op in plan.operators),
            platform=self.platforms.get(plan.platform) if plan.platform else None,
            countries={op: tuple(found) for op, found in countries.items()},
        )

    @cached_property
    def recommended(self) -> PlanView:
        return self._plan(self.answer.recommended)

    @cached_property
    def mixed(self) -> PlanView:
        return self._plan(self.answer.mixed)

    @property
    def prefers_one_platform(self) -> bool:
        """The one-platform plan is proposed though a mixed one exists (not merely because a
        platform filter made every plan a one-platform plan)."""
        return self.answer.one_platform is not None and self.platform is None

    @property
    def one_platform_costs_more(self) -> int:
        """How many more operators the proposed one-platform plan takes than the mixed one."""
        if self.answer.one_platform is None:
            return 0
        return len(self.answer.one_platform) - len(self.answer.mixed)

    @cached_property
    def rows(self) -> list[CountryRow]:
        assignment = self.answer.recommended.assignment
        rows = []
        for code in self.answer.countries:
            proposed = assignment.get(code)
            rows.append(
                CountryRow(
                    country=country(code),
                    offers=tuple(
                        OfferRow(
                            operator=self.operators[offer.operator],
                            brand_name=self.brands[offer.opco],
                            platforms=tuple(
                                sorted(
                                    (self.platforms[p] for p in offer.platforms),
                                    key=lambda p: p.name,
                                )
                            ),
                            services=self.opco_services.get(offer.opco, ()),
                            proposed=offer.operator == proposed,
                        )
                        for offer in self.answer.offers[code]
                    ),
                    proposed=self.operators[proposed] if proposed else None,
                )
            )
        return rows

    @property
    def uncovered(self) -> list[Country]:
        return [country(code) for code in self.answer.uncovered]

    @property
    def covered_count(self) -> int:
        return len(self.answer.covered)

    @property
    def platform_reach(self) -> list[tuple[Platform, int]]:
        return [(self.platforms[p], n) for p, n in self.answer.platform_reach.items()]


def find_coverage(
    *, countries: tuple[str, ...] | list[str], platform: Platform | None, service: str | None
) -> FinderResult:
    """The finder's answer for `countries` (ISO codes), optionally only opcos running `platform`
    or offering `service`. Five queries, whatever the numbers: the operators that count, their
    opcos in those countries, the opcos' platforms and services, and the platforms named."""
    codes = list(dict.fromkeys(countries))
    counting = Operator.CONTRIBUTING_STATUSES  # `Operator.objects.contributing()`, as a join
    operators = {
        operator.pk: operator
        for operator in Operator.objects.contributing().only("pk", "name", "slug", "status")
    }
    # Plain rows, not model instances: at 2,000 opcos the instances cost more than the query.
    found = list(
        Opco.objects.filter(country__in=codes, operator__status__in=counting)
        .order_by()
        .values_list("pk", "operator_id", "country", "brand_name")
    )
    found = [row for row in found if row[1] in operators]  # a status changed in between
    brands = {pk: brand for pk, _, _, brand in found}
    in_scope = {"opco__country__in": codes, "opco__operator__status__in": counting}
    runs: dict[int, set[int]] = defaultdict(set)
    for opco_id, platform_id in OpcoPlatform.objects.filter(**in_scope).values_list(
        "opco_id", "platform_id"
    ):
        runs[opco_id].add(platform_id)
    offers_service: dict[int, set[str]] = defaultdict(set)
    for opco_id, value in OpcoService.objects.filter(**in_scope).values_list("opco_id", "service"):
        offers_service[opco_id].add(value)
    platforms = {
        p.pk: p
        for p in Platform.objects.filter(pk__in={p for ids in runs.values() for p in ids}).only(
            "pk", "name", "slug"
        )
    }
    if platform is not None:
        platforms.setdefault(platform.pk, platform)
    answer = finder_core.find(
        codes,
        (
            finder_core.Offer(
                opco=pk,
                operator=operator_id,
                country=country,
                platforms=frozenset(runs[pk]),
                services=frozenset(offers_service[pk]),
            )
            for pk, operator_id, country, _ in found
        ),
        platform=platform.pk if platform is not None else None,
        service=service,
        operator_names={pk: operator.name for pk, operator in operators.items()},
        platform_names={pk: p.name for pk, p in platforms.items()},
    )
    return FinderResult(
        answer=answer,
        operators=operators,
        platforms=platforms,
        brands=brands,
        opco_services={pk: tuple(sorted(values)) for pk, values in offers_service.items()},
        platform=platform,
        service=service,
    )
