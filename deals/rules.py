"""The rules a deal must meet beyond its own row, written once for every surface.

The deal form, the API and the admin reach them through `deals.services` (`log_deal` for one deal,
`update_deal` for an opco change); the CSV import uses the same `DealRules` object for a whole
file, with what the rules need loaded once, so 50,000 rows cost no query per row. The same input
therefore gets the same sentence on the form, in the API and in the import report:

- deals only for partners that accept deals (`Partner.accepts_deals`: active, not a duplicate);
- a deal's country is in its operator's footprint (one of its opcos' countries);
- its opco, if given, is that operator's opco in that country (when not given: that opco);
- the introduction it came from, if any, was of that partner to that operator, which accepted it
  (`Introduction.check_deal_by`, the partners app's rule);
- one open deal per partner × operator × country (the database constraint is the last guard);
- a deal shared with a bloc names an active bloc its operator is an active member of
  (`alliance.blocs.services.sharing_problem`, the lessons' rule too).

Who may write at all (a person of an operator that may contribute) is `acting_operator`'s rule;
which deal they may change is `Deal.is_writable_by`; the rules of one row (dates in order, a
decline reason only when declined) are `Deal.clean`.
"""

from __future__ import annotations

from functools import cached_property

from django_countries import countries

from alliance.blocs.services import sharing_problem
from alliance.errors import Conflict, DomainError, Invalid
from alliance.models import Bloc, Opco, Operator
from deals.models import Deal, Visibility
from partners.models import Introduction, Partner


def country_name(code: str) -> str:
    return countries.name(code) or code


def duplicate_open_deal(operator: Operator, partner: Partner, country: str) -> Conflict:
    return Conflict(
        f"{operator.name} already has an open deal with {partner.name} in "
        f"{country_name(country)}: advance or close that one instead."
    )


class DealRules:
    """The rules for deals of one operator.

    `open_keys` holds the (partner id, country) of the open deals it knows of: those read by
    `load_open_deals` and those an import has `claim`ed for earlier rows of the same file."""

    def __init__(self, operator: Operator) -> None:
        self.operator = operator
        self.open_keys: set[tuple[int, str]] = set()

    @cached_property
    def opcos(self) -> dict[str, Opco]:
        """The operator's footprint: its opco in each country, by country code."""
        return {opco.country.code: opco for opco in Opco.objects.filter(operator=self.operator)}

    @cached_property
    def bloc_ids(self) -> set[int]:
        """The blocs the operator may share deals with (read once for a whole import)."""
        return set(Bloc.objects.shared_with_by(self.operator).values_list("pk", flat=True))

    def bloc_problem(
        self, visibility: str, bloc: Bloc | None, before: tuple[str, int | None] | None = None
    ) -> DomainError | None:
        """A bloc deal names a bloc of the operator's; any other deal names none (`before`: the
        deal's visibility and bloc id until now, when it is changed)."""
        return sharing_problem(
            operator=self.operator,
            visibility=visibility,
            bloc=bloc,
            before=before,
            member_of=self.bloc_ids,
        )

    def opco_in(self, country: str) -> Opco | None:
        return self.opcos.get(country)

    def load_open_deals(self, *, partner_id: int, country: str) -> None:
        self.open_keys.update(
            Deal.objects.open()
            .filter(operator=self.operator, partner_id=partner_id, country=country)
            .values_list("partner_id", "country")
        )

    def claim(self, *, partner_id: int, country: str) -> None:
        self.open_keys.add((partner_id, country))

    def partner_problem(self, partner: Partner) -> DomainError | None:
        if partner.accepts_deals:
            return None
        return Invalid(
            f"{partner.name} is not an active partner of the alliance: deals are logged only for "
            "partners a member has sponsored, and not for duplicate applications.",
            field="partner",
        )

    def country_problem(self, country: str) -> DomainError | None:
        if country in self.opcos:
            return None
        return Invalid(
            f"{self.operator.name} has no opco in {country_name(country)}.", field="country"
        )

    def opco_problem(self, opco: Opco | None, country: str) -> DomainError | None:
        if opco is None:
            return None
        if opco.operator_id != self.operator.pk:
            return Invalid(
                f"{opco.brand_name} is not an opco of {self.operator.name}.", field="opco"
            )
        if opco.country.code != country:
            return Invalid(
                f"{opco.brand_name} is in {opco.country.name}, not in {country_name(country)}.",
                field="opco",
            )
        return None

    def open_deal_problem(self, partner: Partner, country: str) -> DomainError | None:
        if (partner.pk, country) in self.open_keys:
            return duplicate_open_deal(self.operator, partner, country)
        return None

    def introduction_problem(
        self, introduction: Introduction | None, partner: Partner
    ) -> DomainError | None:
        if introduction is None:
            return None
        try:
            introduction.check_deal_by(self.operator, partner)
        except DomainError as problem:
            return problem
        return None

    def new_deal_problems(
        self,
        *,
        partner: Partner,
        country: str,
        opco: Opco | None = None,
        introduction: Introduction | None = None,
        visibility: str = Visibility.ALLIANCE,
        bloc: Bloc | None = None,
    ) -> list[DomainError]:
        """Every rule a new deal of the operator with these values breaks, in the order a person
        fixes them (an empty list: it may be logged)."""
        problems = [
            self.partner_problem(partner),
            self.country_problem(country),
            self.opco_problem(opco, country),
            self.introduction_problem(introduction, partner),
            self.bloc_problem(visibility, bloc),
            self.open_deal_problem(partner, country),
        ]
        return [problem for problem in problems if problem is not None]
