"""Deal writes: logging, editing, moving between stages and declining. Each runs in one
transaction with its stage history, its contribution to the ledger and its audit entry.

Every surface (the pages, the API, the admin) calls these, and the CSV import uses the same
`deals.rules.DealRules`; refusals are `alliance.errors` (NotAllowed, Conflict, Invalid).

The audit log is read by staff, who may not see a private deal or the details of a summary deal:
a deal's entries name it as `str(deal)` ("Deal #25 of Orange") and record which fields changed,
never their values or any text of the deal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance import outbox, summaries
from alliance.blocs.services import bloc_after_edit
from alliance.errors import Conflict, Invalid
from alliance.ledger import audit, record_contribution
from alliance.models import Contribution
from alliance.permissions import acting_operator
from deals import tasks
from deals.models import Deal, Stage, StageChange, Visibility
from deals.rules import DealRules, duplicate_open_deal
from partners.services import record_introduced_deal

# Date fields filled in when a deal reaches the stage, unless the user gave one.
STAGE_DATES = {Stage.SIGNED: "signed_on", Stage.LAUNCHED: "launched_on", Stage.ENDED: "ended_on"}
# The values a deal is logged with (its operator is the one its author acts for).
LOG_FIELDS = (
    "partner",
    "country",
    "opco",
    "stage",
    "deal_type",
    "started_on",
    "signed_on",
    "launched_on",
    "summary",
    "confidential_notes",
    "visibility",
    "bloc",
    "exclusive",
    "introduction",
)
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
    "bloc",
    "exclusive",
)
# The fields a stage move may change, for the audit entry's list of changed fields.
MOVED_FIELDS = ("stage", *STAGE_DATES.values(), "decline_reason", "decline_explanation")


def invalid(error: ValidationError) -> Invalid:
    """The first message of a model's ValidationError, as the domain's Invalid on its field."""
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return Invalid(errors[0].messages[0], field=None if field == "__all__" else field)
    return Invalid(error.messages[0])


def _save(deal: Deal, **kwargs: Any) -> None:
    """Save in a savepoint: a rule the database enforces (the last guard, reached only by a race
    between two writers) becomes a domain error, not a broken transaction."""
    try:
        with transaction.atomic():
            deal.save(**kwargs)
        summaries.changed("deals")
    except IntegrityError as error:
        if "deal_one_open_per_partner_operator_country" in str(error) or "UNIQUE" in str(error):
            raise duplicate_open_deal(deal.operator, deal.partner, deal.country.code) from error
        raise Conflict("The deal changed meanwhile: reload the page and try again.") from error


def _full_clean(deal: Deal) -> None:
    try:
        deal.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise invalid(error) from error


def _audit(*, by, action: str, deal: Deal, fields: list[str] | None = None) -> None:
    changes = {"fields": sorted(fields)} if fields else {}
    audit(actor=by, action=action, target=deal, operator=deal.operator, changes=changes)


def _notify_conflicts(deal: Deal) -> None:
    """Mail the other side of any exclusivity conflict once the deal is saved (see the task)."""
    if Deal.objects.rivals_of(deal).exists():
        outbox.enqueue(tasks.notify_exclusive_conflict, deal.pk)


def log_deal(*, by, values: dict[str, Any], at: date | None = None) -> Deal:
    """Log a new deal for the operator `by` acts for, with `values` (partner, country, stage...).

    Refuses with the first rule of `DealRules` the values break; an opco left empty is the
    operator's opco in the deal's country."""
    operator = acting_operator(by)
    for name in values:
        if name not in LOG_FIELDS:
            raise Invalid(f"A deal is not logged with a {name.replace('_', ' ')}.", field=name)
    partner, country = values["partner"], str(values["country"])
    rules = DealRules(operator)
    rules.load_open_deals(partner_id=partner.pk, country=country)
    problems = rules.new_deal_problems(
        partner=partner,
        country=country,
        opco=values.get("opco"),
        introduction=values.get("introduction"),
        visibility=values.get("visibility", Visibility.ALLIANCE),
        bloc=values.get("bloc"),
    )
    if problems:
        raise problems[0]
    now = timezone.now()
    deal = Deal(operator=operator, created_by=by, stage_changed_at=now, created_at=now, **values)
    deal.opco = deal.opco or rules.opco_in(country)
    stage_date = STAGE_DATES.get(deal.stage)
    if stage_date and getattr(deal, stage_date) is None:
        setattr(deal, stage_date, at or timezone.localdate())
    _full_clean(deal)
    with transaction.atomic():
        _save(deal)
        StageChange.objects.create(deal=deal, from_stage="", to_stage=deal.stage, changed_by=by)
        record_contribution(
            operator=operator, user=by, kind=Contribution.Kind.DEAL_LOGGED, target=deal
        )
        _audit(by=by, action="deal.logged", deal=deal)
        _notify_conflicts(deal)
        if deal.introduction_id is not None:
            # The introduction led to this deal: the partners app records it and credits the
            # introducer for it, in this same transaction.
            record_introduced_deal(deal=deal, by=by)
    return deal


def update_deal(*, deal: Deal, by, values: dict[str, Any]) -> Deal:
    """Change the editable fields of a deal (not its stage: see move_deal)."""
    deal.check_writable_by(by)
    for name in values:
        if name not in EDITABLE_FIELDS:
            raise Invalid(f"The {name.replace('_', ' ')} of a deal cannot be edited.", field=name)
    rules = DealRules(deal.operator)
    if "opco" in values:
        problem = rules.opco_problem(values["opco"], deal.country.code)
        if problem is not None:
            raise problem
    visibility = values.get("visibility", deal.visibility)
    values = {
        **values,
        "bloc": bloc_after_edit(visibility=visibility, given=values, current=deal.bloc),
    }
    problem = rules.bloc_problem(visibility, values["bloc"], before=(deal.visibility, deal.bloc_id))
    if problem is not None:
        raise problem
    initial = {name: getattr(deal, name) for name in values}
    for name, value in values.items():
        setattr(deal, name, value)
    _full_clean(deal)
    changed = [name for name, before in initial.items() if getattr(deal, name) != before]
    with transaction.atomic():
        _save(deal)
        if "exclusive" in changed or "visibility" in changed:
            _notify_conflicts(deal)
        _audit(by=by, action="deal.edited", deal=deal, fields=changed)
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
    deal.check_writable_by(by)
    with transaction.atomic():
        locked = Deal.objects.select_for_update().get(pk=deal.pk)
        if not locked.can_move_to(to_stage):
            target = Stage(to_stage).label.lower() if to_stage in Stage.values else to_stage
            raise Conflict(f"A {locked.get_stage_display().lower()} deal cannot move to {target}.")
        before = {name: getattr(deal, name) for name in MOVED_FIELDS}
        from_stage = locked.stage
        deal.stage = to_stage
        deal.stage_changed_at = timezone.now()
        if to_stage == Stage.DECLINED:
            deal.decline_reason = decline_reason
            deal.decline_explanation = decline_explanation
        stage_date = STAGE_DATES.get(to_stage)
        if stage_date and getattr(deal, stage_date) is None:
            setattr(deal, stage_date, on or timezone.localdate())
        _full_clean(deal)
        _save(deal)
        StageChange.objects.create(
            deal=deal, from_stage=from_stage, to_stage=to_stage, changed_by=by
        )
        record_contribution(
            operator=deal.operator, user=by, kind=Contribution.Kind.DEAL_ADVANCED, target=deal
        )
        changed = [name for name, value in before.items() if getattr(deal, name) != value]
        _audit(by=by, action="deal.moved", deal=deal, fields=changed)
    return deal
