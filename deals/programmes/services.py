"""Writes of programmes and participations. Each runs in one transaction with its ledger entry and
audit entry; mail is queued once it commits. Pages, the API and the admin call these, and their
refusals are `alliance.errors` (NotAllowed, Conflict, Invalid) with one sentence each.

The rules, here and on the models, and nowhere else:
- any person of an operator that may contribute starts a programme; that operator leads it, and
  only the lead's people manage it (`Programme.check_managed_by`): invite, withdraw, edit, close;
- a programme serves a partner that accepts deals (each country's deal is with it) and/or a named
  customer, across at least two countries; its bloc, if any, is one its lead is a member of;
- one participant per country: an invitation declined or withdrawn frees the country again;
- the invited operator may contribute and has an opco in the country (the deals app's footprint
  rule, `deals.rules.DealRules`); the lead may take part itself where it has an opco;
- only the invited operator answers (`Participation.check_answerable_by`), before the due date, and
  a decline says why; only the participant runs its part (`Participation.check_run_by`): its deal,
  its escalation contact and platform, its reports (`deals.programmes.sla`);
- the SLA's terms stay within bounds, permanent roaming is allowed only where the participant's
  opco allows it, and the platform is one that opco runs;
- a participation's deal is the participant's own open deal for the programme's partner in that
  country: an existing one is linked, or a new one logged through `deals.services.log_deal`.
A suspended operator writes nothing: `acting_operator` refuses its people first.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance import outbox
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.ledger import record_contribution
from alliance.models import Contribution, Operator
from alliance.models.blocs import Bloc
from alliance.permissions import acting_operator
from deals.models import Deal, DealType
from deals.programmes import notifications
from deals.programmes.checks import (
    audit_entry,
    check_bloc,
    check_capabilities,
    check_countries,
    check_deal,
    check_terms,
    country_taken,
    locked_participation,
    locked_programme,
    opco_of,
)
from deals.programmes.models import Participation, Programme
from deals.rules import DealRules, country_name
from deals.services import log_deal
from partners.introductions import check_due_date  # the introductions' rule
from partners.models import Partner

EDITABLE_FIELDS = ("name", "customer", "description", "countries", "bloc")


# --- Programmes ----------------------------------------------------------------------------------
def start_programme(
    *,
    by,
    name: str,
    countries: list[str],
    partner: Partner | None = None,
    customer: str = "",
    description: str = "",
    bloc: Bloc | None = None,
) -> Programme:
    """The user's operator starts a programme and leads it (a contribution to the ledger)."""
    lead = acting_operator(by)
    name, customer = name.strip(), customer.strip()
    if not name:
        raise Invalid("Give the programme a name.", field="name")
    if partner is None and not customer:
        raise Invalid("Name the partner or the customer the programme serves.", field="partner")
    if partner is not None:
        problem = DealRules(lead).partner_problem(partner)
        if problem is not None:
            raise problem
    countries = check_countries(countries)
    check_bloc(bloc, lead)
    with transaction.atomic():
        try:
            with transaction.atomic():
                programme = Programme.objects.create(
                    lead=lead,
                    name=name,
                    partner=partner,
                    customer=customer,
                    description=description,
                    countries=countries,
                    bloc=bloc,
                    created_by=by,
                )
        except IntegrityError as error:
            raise Conflict(f"{lead.name} already leads a programme named “{name}”.") from error
        record_contribution(
            operator=lead, user=by, kind=Contribution.Kind.PROGRAMME_LED, target=programme
        )
        audit_entry(by=by, action="programme.started", target=programme, operator=lead)
    return programme


def update_programme(*, programme: Programme, by, values: dict[str, Any]) -> Programme:
    """The lead changes the programme's name, customer, description, countries or bloc (its
    partner is fixed: every country's deal is with it). A country someone is invited to or takes
    part in stays until that participation is withdrawn."""
    lead = acting_operator(by)
    values = dict(values)
    for name in values:
        if name not in EDITABLE_FIELDS:
            raise Invalid(f"A programme's {name.replace('_', ' ')} cannot be changed.", field=name)
    with transaction.atomic():
        programme = locked_programme(programme)
        programme.check_managed_by(lead)
        if "countries" in values:
            values["countries"] = check_countries(values["countries"])
            held = programme.participations.current().exclude(country__in=values["countries"])
            if held.exists():
                taken = held.select_related("operator").first()
                raise Conflict(
                    f"{taken.operator.name} is {taken.get_status_display().lower()} in "
                    f"{taken.country.name}: withdraw that participation before removing the "
                    "country.",
                    field="countries",
                )
        if "bloc" in values:
            check_bloc(values["bloc"], lead)
        if "name" in values and not str(values["name"]).strip():
            raise Invalid("Give the programme a name.", field="name")
        customer = values.get("customer", programme.customer)
        if programme.partner_id is None and not str(customer).strip():
            raise Invalid("Name the customer the programme serves.", field="customer")
        changed = [name for name, value in values.items() if getattr(programme, name) != value]
        for name, value in values.items():
            setattr(programme, name, value)
        try:
            with transaction.atomic():
                programme.save()
        except IntegrityError as error:
            raise Conflict(
                f"{lead.name} already leads a programme named “{programme.name}”."
            ) from error
        audit_entry(
            by=by, action="programme.edited", target=programme, operator=lead, fields=changed
        )
    return programme


def close_programme(*, programme: Programme, by) -> Programme:
    """The lead closes the programme: nothing in it changes any more, and no report is asked."""
    lead = acting_operator(by)
    with transaction.atomic():
        programme = locked_programme(programme)
        programme.check_managed_by(lead)
        programme.status = Programme.Status.CLOSED
        programme.closed_at = timezone.now()
        programme.save(update_fields=["status", "closed_at", "updated_at"])
        audit_entry(by=by, action="programme.closed", target=programme, operator=lead)
    return programme


# --- Participations ------------------------------------------------------------------------------
def invite_participant(
    *,
    programme: Programme,
    by,
    country: str,
    operator: Operator,
    availability_target: Decimal,
    support_response_hours: int,
    permanent_roaming_allowed: bool = False,
    response_due_on: date | None = None,
) -> Participation:
    """The lead invites `operator` to serve `country` on these SLA terms. The lead itself takes
    part at once (there is no one else to ask); another operator is told and answers."""
    lead = acting_operator(by)
    country = str(country)
    with transaction.atomic():
        # Locked: invitations to one programme are made one at a time (one per country).
        programme = locked_programme(programme)
        programme.check_managed_by(lead)
        participation = _invite(
            programme,
            by=by,
            lead=lead,
            country=country,
            operator=operator,
            terms={
                "availability_target": availability_target,
                "support_response_hours": support_response_hours,
                "permanent_roaming_allowed": permanent_roaming_allowed,
            },
            response_due_on=response_due_on,
        )
    return participation


def _invite(
    programme: Programme,
    *,
    by,
    lead: Operator,
    country: str,
    operator: Operator,
    terms: dict[str, Any],
    response_due_on: date | None,
) -> Participation:
    if country not in programme.countries:
        raise Invalid(
            f"{country_name(country)} is not one of the programme's countries.", field="country"
        )
    if not operator.can_contribute:
        raise Invalid(
            f"{operator.name} cannot take part in programmes at the moment.", field="operator"
        )
    check_terms(terms)
    opco_of(operator, country, field="operator")
    check_capabilities(operator, country, terms)
    is_self = operator.pk == lead.pk
    if response_due_on is not None and not is_self:
        check_due_date(response_due_on)
    now = timezone.now()
    fields: dict[str, Any] = {"response_due_on": response_due_on} if response_due_on else {}
    if is_self:
        fields |= {"status": Participation.Status.ACCEPTED, "answered_by": by, "answered_at": now}
    holder = programme.participations.current().filter(country=country).first()
    if holder is not None:
        raise country_taken(holder.operator, holder.get_status_display(), country)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                programme=programme,
                country=country,
                operator=operator,
                invited_by=by,
                invited_at=now,
                **terms,
                **fields,
            )
    except IntegrityError as error:  # the constraint, reached only by a race
        raise country_taken(None, "", country) from error
    if is_self:
        record_contribution(
            operator=lead, user=by, kind=Contribution.Kind.PROGRAMME_JOINED, target=participation
        )
    else:
        outbox.enqueue(notifications.notify_participation_invited, participation.pk)
    audit_entry(by=by, action="programme.invited", target=participation, operator=operator)
    return participation


def answer_invitation(
    *,
    participation: Participation,
    by,
    accept: bool,
    reason: str = "",
    operations: dict[str, Any] | None = None,
    deal: Deal | None = None,
) -> Participation:
    """The invited operator accepts (with its escalation contact and platform, and perhaps the
    deal it already has there) or declines, saying why; the lead is told."""
    operator = acting_operator(by)
    operations = operations or {}
    for name in operations:
        if name not in Participation.OPERATIONS_FIELDS:
            raise Invalid(f"An invitation is not answered with a {name}.", field=name)
    with transaction.atomic():
        participation = locked_participation(participation)
        participation.check_answerable_by(operator)
        if not accept and not reason.strip():
            raise Invalid("Say why you decline: the lead learns from it.", field="reason")
        participation.answered_by = by
        participation.answered_at = timezone.now()
        if accept:
            check_capabilities(operator, participation.country.code, operations)
            for name, value in operations.items():
                setattr(participation, name, value)
            participation.status = Participation.Status.ACCEPTED
            if deal is not None:
                check_deal(participation, deal)
                participation.deal = deal
        else:
            participation.status = Participation.Status.DECLINED
            participation.answer_reason = reason.strip()
        participation.save()
        if accept:
            record_contribution(
                operator=operator,
                user=by,
                kind=Contribution.Kind.PROGRAMME_JOINED,
                target=participation,
            )
        audit_entry(
            by=by,
            action=f"programme.{participation.status}",
            target=participation,
            operator=operator,
        )
        outbox.enqueue(notifications.notify_participation_answered, participation.pk)
    return participation


def withdraw_participation(*, participation: Participation, by, reason: str = "") -> Participation:
    """The lead withdraws an invitation or a participant, which frees the country."""
    lead = acting_operator(by)
    with transaction.atomic():
        participation = locked_participation(participation)
        participation.programme.check_managed_by(lead)
        if not participation.is_current:
            raise Conflict(
                f"This participation is already {participation.get_status_display().lower()}."
            )
        participation.status = Participation.Status.WITHDRAWN
        participation.withdrawn_at = timezone.now()
        participation.withdraw_reason = reason.strip()
        participation.save()
        audit_entry(
            by=by,
            action="programme.withdrawn",
            target=participation,
            operator=participation.operator,
        )
    return participation


def update_sla(*, participation: Participation, by, values: dict[str, Any]) -> Participation:
    """Change the SLA: its terms (target, response time, permanent roaming) by the lead while the
    participation holds its country, its operations (escalation contact, platform) by the
    participant while it takes part."""
    operator = acting_operator(by)
    with transaction.atomic():
        participation = locked_participation(participation)
        for name in values:
            if name in Participation.TERMS_FIELDS:
                participation.programme.check_managed_by(operator)
                if not participation.is_current:
                    raise Conflict(
                        f"This participation is {participation.get_status_display().lower()}: "
                        "its SLA no longer changes."
                    )
            elif name in Participation.OPERATIONS_FIELDS:
                participation.check_run_by(operator)
            else:
                raise Invalid(f"An SLA has no {name.replace('_', ' ')}.", field=name)
        check_terms(values)
        merged = {
            "permanent_roaming_allowed": participation.permanent_roaming_allowed,
            "platform": participation.platform,
            **values,
        }
        if "permanent_roaming_allowed" in values or "platform" in values:
            check_capabilities(participation.operator, participation.country.code, merged)
        changed = [name for name, value in values.items() if getattr(participation, name) != value]
        for name, value in values.items():
            setattr(participation, name, value)
        participation.save()
        audit_entry(
            by=by,
            action="programme.sla_changed",
            target=participation,
            operator=participation.operator,
            fields=changed,
        )
    return participation


def link_deal(*, participation: Participation, by, deal: Deal) -> Participation:
    """The participant links its open deal for the programme's partner in that country."""
    operator = acting_operator(by)
    with transaction.atomic():
        participation = locked_participation(participation)
        participation.check_run_by(operator)
        check_deal(participation, deal)
        participation.deal = deal
        participation.save(update_fields=["deal", "updated_at"])
        audit_entry(by=by, action="programme.deal_linked", target=participation, operator=operator)
    return participation


def log_participation_deal(
    *, participation: Participation, by, values: dict[str, Any]
) -> Participation:
    """The participant logs its deal for the programme's partner in that country through the
    deals app's own service (every rule of deals applies, one open deal per partner × operator ×
    country included) and links it, in one transaction."""
    operator = acting_operator(by)
    with transaction.atomic():
        participation = locked_participation(participation)
        participation.check_run_by(operator)
        programme = participation.programme
        if programme.partner_id is None:
            raise NotAllowed(
                "This programme serves a customer, not a partner: log the deal on the deals "
                "page, then link it here."
            )
        deal = log_deal(
            by=by,
            values={
                "deal_type": DealType.IOT_CONNECTIVITY,
                **values,
                "partner": programme.partner,
                "country": participation.country.code,
            },
        )
        return link_deal(participation=participation, by=by, deal=deal)
