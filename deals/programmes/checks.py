"""The checks the writes of programmes share (`deals.programmes.services` and `.sla`): countries,
bloc, SLA terms and the participant's opco's capabilities, the participation's deal, the locks and
the audit entry. Each refuses with an `alliance.errors` error, one sentence, on its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from alliance.errors import Conflict, Invalid
from alliance.ledger import audit
from alliance.models import M2MService, OpcoPlatform, OpcoService, Operator
from alliance.models.blocs import Bloc, BlocMembership
from alliance.params import parse_country
from deals.models import Deal
from deals.programmes.models import (
    MAX_AVAILABILITY_TARGET,
    MAX_RESPONSE_HOURS,
    MIN_AVAILABILITY_TARGET,
    Participation,
    Programme,
)
from deals.rules import DealRules, country_name

MIN_COUNTRIES = 2


def check_countries(countries: list[str]) -> list[str]:
    codes = []
    for value in countries:
        code = parse_country(value)
        if code is None:
            raise Invalid(f"'{value}' is not a country code we know.", field="countries")
        codes.append(code)
    codes = sorted(set(codes))
    if len(codes) < MIN_COUNTRIES:
        raise Invalid(
            "A programme crosses borders: choose at least two countries.", field="countries"
        )
    return codes


def check_bloc(bloc: Bloc | None, lead: Operator) -> None:
    if bloc is None:
        return
    member = BlocMembership.objects.active().filter(bloc=bloc, operator=lead).exists()
    if not member:
        raise Invalid(
            f"{lead.name} is not an active member of {bloc.name}: a programme belongs only to a "
            "bloc its lead is in.",
            field="bloc",
        )


def check_terms(values: dict[str, Any]) -> None:
    target = values.get("availability_target")
    if target is not None and not (
        MIN_AVAILABILITY_TARGET <= Decimal(target) <= MAX_AVAILABILITY_TARGET
    ):
        raise Invalid(
            f"The availability target is between {MIN_AVAILABILITY_TARGET} and "
            f"{MAX_AVAILABILITY_TARGET} %.",
            field="availability_target",
        )
    hours = values.get("support_response_hours")
    if hours is not None and not 1 <= hours <= MAX_RESPONSE_HOURS:
        raise Invalid(
            f"Support answers within 1 to {MAX_RESPONSE_HOURS} hours.",
            field="support_response_hours",
        )


def opco_of(operator: Operator, country: str, *, field: str):
    """The operator's opco in `country`, or Invalid with the deals app's footprint sentence."""
    rules = DealRules(operator)
    problem = rules.country_problem(country)
    if problem is not None:
        raise Invalid(problem.message, field=field)
    return rules.opco_in(country)


def check_capabilities(operator: Operator, country: str, values: dict[str, Any]) -> None:
    """Permanent roaming only where the opco allows it; the platform one the opco runs."""
    roaming, platform = values.get("permanent_roaming_allowed"), values.get("platform")
    if not roaming and platform is None:
        return
    opco = opco_of(operator, country, field="operator")
    where = f"{opco.brand_name} ({country_name(country)})"
    if (
        roaming
        and not OpcoService.objects.filter(opco=opco, service=M2MService.PERMANENT_ROAMING).exists()
    ):
        raise Invalid(
            f"{where} does not allow permanent roaming: its managers list the M2M services it "
            "offers on their operator's page.",
            field="permanent_roaming_allowed",
        )
    if (
        platform is not None
        and not OpcoPlatform.objects.filter(opco=opco, platform=platform).exists()
    ):
        raise Invalid(f"{where} does not run {platform.name}.", field="platform")


def check_deal(participation: Participation, deal: Deal) -> None:
    operator, programme = participation.operator, participation.programme
    if deal.operator_id != operator.pk:
        raise Invalid(f"That deal is not {operator.name}'s.", field="deal")
    if deal.country != participation.country:
        raise Invalid(
            f"That deal is in {deal.country.name}, not in {participation.country.name}.",
            field="deal",
        )
    if programme.partner_id and deal.partner_id != programme.partner_id:
        raise Invalid(
            f"That deal is with {deal.partner.name}, not with {programme.partner.name}.",
            field="deal",
        )
    if not deal.is_open:
        raise Invalid(
            f"That deal is {deal.get_stage_display().lower()}: link an open deal, or log a new "
            "one.",
            field="deal",
        )


def country_taken(operator: Operator | None, status: str, country: str) -> Conflict:
    who = f"{operator.name} is already {status.lower()}" if operator else "Someone is already"
    return Conflict(
        f"{who} in {country_name(country)}: one participant per country.", field="country"
    )


def locked_programme(programme: Programme) -> Programme:
    locked = Programme.objects.select_for_update(of=("self",)).select_related("lead")
    return locked.get(pk=programme.pk)


def locked_participation(participation: Participation) -> Participation:
    return (
        Participation.objects.select_for_update(of=("self",))
        .select_related("programme__lead", "programme__partner", "operator")
        .get(pk=participation.pk)
    )


def audit_entry(
    *, by, action: str, target, operator: Operator, fields=None, reason: str = ""
) -> None:
    changes = {"fields": sorted(fields)} if fields else {}
    audit(actor=by, action=action, target=target, operator=operator, changes=changes)
