"""Writes of introductions between members (re-exported by `partners.services`, whose rules they
share): proposing, amending, answering, following up, and the beat task's reminders and expiry.

The rules of an introduction live here and on the model, and nowhere else: its countries are in
the recipient's footprint, its answer is due after today and within MAX_RESPONSE_DAYS, only the
recipient answers it (`Introduction.check_answerable_by`), and either operator records what
followed (`Introduction.check_progress`). Forms and serializers check only the shape of input.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance import outbox
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.ledger import audit, record_contribution
from alliance.models import Contribution, Operator
from alliance.permissions import acting_operator
from partners import notifications
from partners.models import (
    INTRODUCTION_REMINDER_DAYS,
    Introduction,
    IntroductionStatusChange,
    Partner,
    country_registry,
)

# The longest an introducer may give the recipient to answer.
MAX_RESPONSE_DAYS = 90


def _record_introduction_status(
    introduction: Introduction, *, before: str, by, reason: str = ""
) -> None:
    IntroductionStatusChange.objects.create(
        introduction=introduction,
        from_status=before,
        to_status=introduction.status,
        changed_by=by if by is not None and by.is_authenticated else None,
        reason=reason,
    )


def _check_due_date(response_due_on: date) -> None:
    today = timezone.localdate()
    if response_due_on <= today:
        raise Invalid("The answer must be due after today.", field="response_due_on")
    if response_due_on > today + timedelta(days=MAX_RESPONSE_DAYS):
        raise Invalid(
            f"Give the recipient at most {MAX_RESPONSE_DAYS} days to answer.",
            field="response_due_on",
        )


def _check_countries(recipient: Operator, countries: list[str]) -> list[str]:
    """The countries, sorted and once each, if all are in the recipient's footprint (the
    countries of its opcos)."""
    if not countries:
        raise Invalid("Choose at least one country.", field="countries")
    footprint = set(recipient.opcos.values_list("country", flat=True))
    outside = sorted(set(countries) - footprint)
    if outside:
        names = ", ".join(country_registry.name(code) or code for code in outside)
        raise Invalid(f"{recipient.name} has no opco in {names}.", field="countries")
    return sorted(set(countries))


def introduce_partner(
    *,
    partner: Partner,
    by,
    to_operator: Operator,
    countries: list[str],
    pitch: str,
    response_due_on: date | None = None,
) -> Introduction:
    """The user's operator introduces an active partner to another member for some countries of
    the recipient's footprint; the recipient's people are notified once this commits."""
    operator = acting_operator(by)
    if to_operator.pk == operator.pk:
        raise Invalid(
            "Introduce the partner to another member, not your own operator.", field="to_operator"
        )
    if not to_operator.can_contribute:
        raise Invalid(
            f"{to_operator.name} cannot take introductions at the moment.", field="to_operator"
        )
    countries = _check_countries(to_operator, countries)
    if response_due_on is not None:
        _check_due_date(response_due_on)
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        if not partner.can_be_introduced:
            raise Conflict("Only active partners can be introduced to other members.")
        fields: dict[str, Any] = {"response_due_on": response_due_on} if response_due_on else {}
        try:
            with transaction.atomic():
                introduction = Introduction.objects.create(
                    partner=partner,
                    from_operator=operator,
                    to_operator=to_operator,
                    introduced_by=by,
                    countries=countries,
                    pitch=pitch,
                    **fields,
                )
        except IntegrityError as error:
            raise Conflict(
                f"{operator.name} already has an open introduction of {partner.name} "
                f"to {to_operator.name}."
            ) from error
        _record_introduction_status(introduction, before="", by=by)
        record_contribution(
            operator=operator,
            user=by,
            kind=Contribution.Kind.PARTNER_INTRODUCED,
            target=introduction,
        )
        audit(actor=by, action="introduction.proposed", target=introduction, operator=operator)
        outbox.enqueue(notifications.notify_introduction_received, introduction.pk)
    return introduction


def update_introduction(
    *,
    introduction: Introduction,
    by,
    pitch: str | None = None,
    countries: list[str] | None = None,
    response_due_on: date | None = None,
) -> Introduction:
    """The introducer's operator amends a proposal that has not been answered yet."""
    operator = acting_operator(by)
    if introduction.from_operator_id != operator.pk:
        raise NotAllowed("Only the introducing operator may change this introduction.")
    if countries is not None:
        countries = _check_countries(introduction.to_operator, countries)
    if response_due_on is not None:
        _check_due_date(response_due_on)
    with transaction.atomic():
        introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
        if introduction.status != Introduction.Status.PROPOSED:
            raise Conflict("An introduction can be changed only until it is answered.")
        if pitch is not None:
            introduction.pitch = pitch
        if countries is not None:
            introduction.countries = countries
        if response_due_on is not None:
            introduction.response_due_on = response_due_on
            introduction.reminded_at = None
        introduction.save()
        audit(actor=by, action="introduction.updated", target=introduction, operator=operator)
    return introduction


def _advance(
    introduction: Introduction,
    *,
    by,
    to: str,
    operator: Operator,
    reason: str = "",
    **fields: Any,
) -> Introduction:
    """Move the locked `introduction` to status `to`, setting `fields` with it, with its history
    row, contribution and audit entry; the caller has checked that `operator` may."""
    before = introduction.status
    introduction.status = to
    for name, value in fields.items():
        setattr(introduction, name, value)
    introduction.save(update_fields=["status", "updated_at", *fields])
    _record_introduction_status(introduction, before=before, by=by, reason=reason)
    record_contribution(
        operator=operator,
        user=by,
        kind=Contribution.Kind.INTRODUCTION_ANSWERED,
        target=introduction,
    )
    audit(
        actor=by,
        action=f"introduction.{to}",
        target=introduction,
        operator=operator,
        changes={"status": [before, to]},
        reason=reason,
    )
    return introduction


def _locked(introduction: Introduction) -> Introduction:
    return Introduction.objects.select_for_update().get(pk=introduction.pk)


def answer_introduction(
    *, introduction: Introduction, by, accept: bool, reason: str = ""
) -> Introduction:
    """The recipient accepts or declines (a reason is required to decline) before the due date."""
    operator = acting_operator(by)
    with transaction.atomic():
        introduction = _locked(introduction)
        introduction.check_answerable_by(operator)
        if not accept and not reason.strip():
            raise Invalid("Say why you decline: the introducer learns from it.", field="reason")
        introduction = _advance(
            introduction,
            by=by,
            to=Introduction.Status.ACCEPTED if accept else Introduction.Status.DECLINED,
            operator=operator,
            reason=reason,
            answered_by=by,
            answered_at=timezone.now(),
            answer_reason=reason,
        )
        outbox.enqueue(notifications.notify_introduction_answered, introduction.pk)
    return introduction


def _progress(introduction: Introduction, *, by, to: str) -> Introduction:
    """Either operator records the next step; when it is a deal and the recipient records it, the
    introducer is credited too."""
    operator = acting_operator(by)
    with transaction.atomic():
        introduction = _locked(introduction)
        introduction.check_progress(operator, to)
        introduction = _advance(introduction, by=by, to=to, operator=operator)
        if to == Introduction.Status.DEAL and operator.pk != introduction.from_operator_id:
            record_contribution(
                operator=introduction.from_operator,
                user=introduction.introduced_by,
                kind=Contribution.Kind.PARTNER_INTRODUCED,
                target=introduction,
            )
    return introduction


def mark_introduction_met(*, introduction: Introduction, by) -> Introduction:
    """Either operator records that the partner and the recipient have met."""
    return _progress(introduction, by=by, to=Introduction.Status.MET)


def mark_introduction_deal(*, introduction: Introduction, by) -> Introduction:
    """Either operator records that the introduction led to a deal (the introducer is credited)."""
    return _progress(introduction, by=by, to=Introduction.Status.DEAL)


def remind_and_expire_introductions(*, today: date | None = None) -> dict[str, int]:
    """The beat task's work: expire proposals past their due date, and remind recipients once of
    those due within INTRODUCTION_REMINDER_DAYS. A second run changes nothing."""
    today = today or timezone.localdate()
    expired = reminded = 0
    with transaction.atomic():
        overdue = Introduction.objects.select_for_update().filter(
            status=Introduction.Status.PROPOSED, response_due_on__lt=today
        )
        for introduction in overdue:
            introduction.status = Introduction.Status.EXPIRED
            introduction.save(update_fields=["status", "updated_at"])
            _record_introduction_status(
                introduction, before=Introduction.Status.PROPOSED, by=None, reason="No answer"
            )
            audit(actor=None, action="introduction.expired", target=introduction)
            outbox.enqueue(notifications.notify_introduction_expired, introduction.pk)
            expired += 1
        due_soon = Introduction.objects.select_for_update().filter(
            status=Introduction.Status.PROPOSED,
            reminded_at__isnull=True,
            response_due_on__gte=today,
            response_due_on__lte=today + timedelta(days=INTRODUCTION_REMINDER_DAYS),
        )
        for introduction in due_soon:
            introduction.reminded_at = timezone.now()
            introduction.save(update_fields=["reminded_at"])
            outbox.enqueue(notifications.send_introduction_reminder, introduction.pk)
            reminded += 1
    return {"expired": expired, "reminded": reminded}
