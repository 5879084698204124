"""Deal writes: logging, editing, moving between stages and declining. Each runs in one
transaction with its stage history, its contribution to the ledger and its audit entry."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance.ledger import audit, changed_fields, record_contribution
from alliance.models import Contribution, Operator
from deals import tasks
from deals.models import Deal, Stage, StageChange
from partners.models import Introduction
from partners.services import mark_introduction_deal

DUPLICATE_OPEN_DEAL = (
    "Your operator already has an open deal with this partner in this country — "
    "advance or close that one instead."
)
OPCO_MISMATCH = "The opco must belong to your operator and be in the deal's country."
# Date fields filled in when a deal reaches the stage, unless the user gave one.
STAGE_DATES = {Stage.SIGNED: "signed_on", Stage.LAUNCHED: "launched_on", Stage.ENDED: "ended_on"}
EDITABLE_FIELDS = (
    "opco",
    "deal_type",
    "started_on",
    "signed_on",
    "launched_on",
    "ended_on",
    "summary",
    "confidential_notes",
    "visibility",
    "exclusive",
)


class DealError(Exception):
    """A deal write that cannot be done; the message is shown to the user as is."""


def _integrity_message(error: IntegrityError) -> str:
    text = str(error)
    if "deal_one_open_per_partner_operator_country" in text or "UNIQUE" in text.upper():
        return DUPLICATE_OPEN_DEAL
    if "deal_opco_matches" in text:
        return OPCO_MISMATCH
    return "The deal breaks one of the rules of deals (dates in order, decline reason)."


def _save(deal: Deal, **kwargs: Any) -> None:
    """Save in a savepoint so that a broken rule becomes a DealError, not a broken transaction."""
    try:
        with transaction.atomic():
            deal.save(**kwargs)
    except IntegrityError as error:
        raise DealError(_integrity_message(error)) from error


def _check_writer(*, operator: Operator, by) -> None:
    membership = by.active_membership if by.is_authenticated else None
    if membership is None or membership.operator_id != operator.pk:
        raise DealError("Only people of the operator that owns the deal may change it.")
    if not membership.operator.can_contribute:
        raise DealError("Your operator is suspended: it can read the portal but not change it.")


def _notify_conflicts(deal: Deal) -> None:
    """Mail the other side of any exclusivity conflict once the deal is saved (see the task)."""
    if Deal.objects.rivals_of(deal).exists():
        transaction.on_commit(partial(tasks.notify_exclusive_conflict.delay, deal.pk))


def log_deal(*, by, operator: Operator, values: dict[str, Any], at: date | None = None) -> Deal:
    """Log a new deal for `operator` (the user's own) with `values` (partner, country, stage...)."""
    _check_writer(operator=operator, by=by)
    now = timezone.now()
    deal = Deal(operator=operator, created_by=by, stage_changed_at=now, created_at=now, **values)
    stage_date = STAGE_DATES.get(deal.stage)
    if stage_date and getattr(deal, stage_date) is None:
        setattr(deal, stage_date, at or timezone.localdate())
    try:
        deal.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise DealError("; ".join(error.messages)) from error
    with transaction.atomic():
        _save(deal)
        StageChange.objects.create(deal=deal, from_stage="", to_stage=deal.stage, changed_by=by)
        record_contribution(
            operator=operator, user=by, kind=Contribution.Kind.DEAL_LOGGED, target=deal
        )
        audit(actor=by, action="deal.logged", target=deal, operator=operator)
        _notify_conflicts(deal)
        introduction = deal.introduction
        if introduction is not None and introduction.can_move_to(Introduction.Status.DEAL):
            # The introduction led to this deal: the partners app records it and credits the
            # introducer, in this same transaction.
            mark_introduction_deal(introduction=introduction, by=by)
    return deal


def update_deal(*, deal: Deal, by, values: dict[str, Any]) -> Deal:
    """Change the editable fields of a deal (not its stage: see move_deal)."""
    _check_writer(operator=deal.operator, by=by)
    initial = {name: getattr(deal, name) for name in EDITABLE_FIELDS if name in values}
    for name, value in values.items():
        if name not in EDITABLE_FIELDS:
            raise DealError(f"{name} cannot be edited.")
        setattr(deal, name, value)
    try:
        deal.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise DealError("; ".join(error.messages)) from error
    with transaction.atomic():
        _save(deal)
        changes = changed_fields(deal, initial)
        changes.pop("confidential_notes", None)  # the audit log is read by staff
        if "exclusive" in changes or "visibility" in changes:
            _notify_conflicts(deal)
        audit(actor=by, action="deal.edited", target=deal, operator=deal.operator, changes=changes)
    return deal


def move_deal(
    *,
    deal: Deal,
    by,
    to_stage: str,
    decline_reason: str = "",
    decline_explanation: str = "",
    on: date | None = None,
) -> Deal:
    """Move a deal to `to_stage`, keeping the history and crediting the operator.

    Declining needs a reason; reaching signed, launched or ended sets that date (today unless
    given). The row is locked while it changes, so two people moving it at once cannot both win."""
    _check_writer(operator=deal.operator, by=by)
    with transaction.atomic():
        locked = Deal.objects.select_for_update().get(pk=deal.pk)
        if not locked.can_move_to(to_stage):
            raise DealError(
                f"A {locked.get_stage_display().lower()} deal cannot move to "
                f"{Stage(to_stage).label.lower() if to_stage in Stage.values else to_stage}."
            )
        if to_stage == Stage.DECLINED and not decline_reason:
            raise DealError("Say why the deal was declined.")
        from_stage = locked.stage
        deal.stage = to_stage
        deal.stage_changed_at = timezone.now()
        if to_stage == Stage.DECLINED:
            deal.decline_reason = decline_reason
            deal.decline_explanation = decline_explanation
        stage_date = STAGE_DATES.get(to_stage)
        if stage_date and getattr(deal, stage_date) is None:
            setattr(deal, stage_date, on or timezone.localdate())
        try:
            deal.full_clean(validate_constraints=False)
        except ValidationError as error:
            raise DealError("; ".join(error.messages)) from error
        _save(deal)
        StageChange.objects.create(
            deal=deal, from_stage=from_stage, to_stage=to_stage, changed_by=by
        )
        record_contribution(
            operator=deal.operator, user=by, kind=Contribution.Kind.DEAL_ADVANCED, target=deal
        )
        audit(
            actor=by,
            action="deal.moved",
            target=deal,
            operator=deal.operator,
            changes={"stage": [from_stage, to_stage]},
            reason=decline_explanation,
        )
    return deal
