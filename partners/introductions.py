"""Writes of introductions between members (see partners.services for the rules they share):
proposing, amending, answering, following up, and the beat task's reminders and expiry."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance.ledger import audit, record_contribution
from alliance.models import Contribution, Operator
from partners import tasks
from partners.models import (
    INTRODUCTION_REMINDER_DAYS,
    Introduction,
    IntroductionStatusChange,
    Partner,
)
from partners.services import NotAllowed, PartnerActionError, acting_operator

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
        raise PartnerActionError("The answer must be due after today.")
    if response_due_on > today + timedelta(days=MAX_RESPONSE_DAYS):
        raise PartnerActionError(f"Give the recipient at most {MAX_RESPONSE_DAYS} days.")


def introduce_partner(
    *,
    partner: Partner,
    by,
    to_operator: Operator,
    countries: list[str],
    pitch: str,
    response_due_on: date | None = None,
) -> Introduction:
    """The user's operator introduces an active partner to another member for some countries; the
    recipient's managers and members are notified once this commits."""
    operator = acting_operator(by)
    if to_operator.pk == operator.pk:
        raise PartnerActionError("Introduce the partner to another member, not your own operator.")
    if not to_operator.can_contribute:
        raise PartnerActionError(f"{to_operator.name} cannot take introductions at the moment.")
    if not countries:
        raise PartnerActionError("Choose at least one country.")
    if response_due_on is not None:
        _check_due_date(response_due_on)
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        if partner.status != Partner.Status.ACTIVE:
            raise PartnerActionError("Only active partners can be introduced to other members.")
        fields: dict[str, Any] = {"response_due_on": response_due_on} if response_due_on else {}
        try:
            with transaction.atomic():
                introduction = Introduction.objects.create(
                    partner=partner,
                    from_operator=operator,
                    to_operator=to_operator,
                    introduced_by=by,
                    countries=sorted(set(countries)),
                    pitch=pitch,
                    **fields,
                )
        except IntegrityError as error:
            raise PartnerActionError(
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
        transaction.on_commit(partial(tasks.notify_introduction_received.delay, introduction.pk))
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
    if response_due_on is not None:
        _check_due_date(response_due_on)
    with transaction.atomic():
        introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
        if introduction.status != Introduction.Status.PROPOSED:
            raise PartnerActionError("An introduction can be changed only until it is answered.")
        if pitch is not None:
            introduction.pitch = pitch
        if countries is not None:
            if not countries:
                raise PartnerActionError("Choose at least one country.")
            introduction.countries = sorted(set(countries))
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
    """Move `introduction` to status `to` (setting `fields` with it), with its history row,
    contribution and audit entry."""
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if not introduction.can_move_to(to):
        raise PartnerActionError(
            f"This introduction is {introduction.get_status_display().lower()}; "
            f"it cannot become {Introduction.Status(to).label.lower()}."
        )
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


def answer_introduction(
    *, introduction: Introduction, by, accept: bool, reason: str = ""
) -> Introduction:
    """The recipient accepts or declines (a reason is required to decline) before the due date."""
    operator = acting_operator(by)
    if introduction.to_operator_id != operator.pk:
        raise NotAllowed("Only the operator it was made to may answer this introduction.")
    if not accept and not reason.strip():
        raise PartnerActionError("Say why you decline, so the introducer learns from it.")
    if introduction.is_overdue:
        raise PartnerActionError(
            f"This introduction was due for an answer on {introduction.response_due_on:%d %B %Y}."
        )
    to = Introduction.Status.ACCEPTED if accept else Introduction.Status.DECLINED
    with transaction.atomic():
        introduction = _advance(
            introduction,
            by=by,
            to=to,
            operator=operator,
            reason=reason,
            answered_by=by,
            answered_at=timezone.now(),
            answer_reason=reason,
        )
        transaction.on_commit(partial(tasks.notify_introduction_answered.delay, introduction.pk))
    return introduction


def _party_operator(introduction: Introduction, by) -> Operator:
    operator = acting_operator(by)
    if operator.pk not in (introduction.from_operator_id, introduction.to_operator_id):
        raise NotAllowed("Only the two operators of this introduction may record its progress.")
    return operator


def mark_introduction_met(*, introduction: Introduction, by) -> Introduction:
    """Either party records that the partner and the recipient have met."""
    operator = _party_operator(introduction, by)
    with transaction.atomic():
        return _advance(introduction, by=by, to=Introduction.Status.MET, operator=operator)


def mark_introduction_deal(*, introduction: Introduction, by) -> Introduction:
    """Either party records that the introduction led to a deal; the introducer is credited too."""
    operator = _party_operator(introduction, by)
    with transaction.atomic():
        introduction = _advance(introduction, by=by, to=Introduction.Status.DEAL, operator=operator)
        if operator.pk != introduction.from_operator_id:
            record_contribution(
                operator=introduction.from_operator,
                user=introduction.introduced_by,
                kind=Contribution.Kind.PARTNER_INTRODUCED,
                target=introduction,
            )
    return introduction


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
            transaction.on_commit(partial(tasks.notify_introduction_expired.delay, introduction.pk))
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
            transaction.on_commit(partial(tasks.send_introduction_reminder.delay, introduction.pk))
            reminded += 1
    return {"expired": expired, "reminded": reminded}
