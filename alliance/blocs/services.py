"""Bloc writes: propose, invite, accept, decline, leave (an operator's managers) and dissolve
(staff). Each checks its own rules, raises `alliance.errors` with one sentence, runs in one
transaction with its audit entry and records its mail in the outbox in that transaction. Pages,
the API and the admin all call these; pages offer only the buttons whose `check_*` passes
(`offered_actions`).

Rules:
- a suspended operator writes nothing (`acting_operator`), and only managers act for their
  operator in blocs;
- the proposer's operator is the bloc's first active member;
- an active member's managers invite other operators that may contribute; one row per bloc ×
  operator, so an operator that declined or left may be invited again;
- the invited operator's managers accept (it becomes an active member) or decline;
- an active member's managers may make it leave;
- staff dissolve a bloc, with a reason; a dissolved bloc takes no more writes.

And the rule for sharing an item with a bloc (`sharing_problem`): a bloc is named with the bloc
visibility only, and chosen only among the active blocs the item's operator is an active member
of. Deals (`deals.rules`) and lessons (`lessons.services`) call it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from alliance import outbox
from alliance.blocs import mail
from alliance.choices import Category
from alliance.errors import Conflict, DomainError, Invalid, NotAllowed
from alliance.ledger import audit
from alliance.models import Bloc, BlocMembership, Operator
from alliance.permissions import acting_operator

NAME_MIN_LENGTH = 3


# --- Who may do what (one rule for the button and the action) ------------------------------------
def _managing_operator(user) -> Operator:
    """The operator `user` acts for as its manager; otherwise `NotAllowed`, saying why."""
    operator = acting_operator(user)
    if not user.active_membership.is_manager:
        raise NotAllowed(f"Only {operator.name}’s managers may act for it in blocs.")
    return operator


def _membership(bloc: Bloc, operator: Operator) -> BlocMembership | None:
    return BlocMembership.objects.filter(bloc=bloc, operator=operator).first()


def _check_active(bloc: Bloc) -> None:
    if not bloc.is_active:
        raise Conflict(f"{bloc.name} was dissolved: it takes no more changes.")


def check_may_propose(user) -> Operator:
    return _managing_operator(user)


def check_may_invite(bloc: Bloc, user) -> Operator:
    """An active member's manager may invite; returns that member."""
    operator = _managing_operator(user)
    _check_active(bloc)
    membership = _membership(bloc, operator)
    if membership is None or membership.status != BlocMembership.Status.ACTIVE:
        raise NotAllowed(f"Only the managers of {bloc.name}’s members may invite operators.")
    return operator


def check_may_answer(bloc: Bloc, user) -> BlocMembership:
    """The invited operator's manager may accept or decline; returns the invitation."""
    operator = _managing_operator(user)
    _check_active(bloc)
    membership = _membership(bloc, operator)
    if membership is None:
        raise NotAllowed(f"{operator.name} was not invited to {bloc.name}.")
    if membership.status != BlocMembership.Status.INVITED:
        raise Conflict(f"{operator.name} has no open invitation to {bloc.name}.")
    return membership


def check_may_leave(bloc: Bloc, user) -> BlocMembership:
    operator = _managing_operator(user)
    _check_active(bloc)
    membership = _membership(bloc, operator)
    if membership is None or membership.status != BlocMembership.Status.ACTIVE:
        raise Conflict(f"{operator.name} is not a member of {bloc.name}.")
    return membership


def check_may_dissolve(bloc: Bloc, user) -> None:
    if not (user.is_authenticated and user.is_staff and user.is_active):
        raise NotAllowed("Only the alliance admins may dissolve a bloc.")
    _check_active(bloc)


def offered_actions(bloc: Bloc, user) -> set[str]:
    """The actions `user` may take on `bloc` now, for the buttons of its page and the API."""
    checks = {
        "invite": check_may_invite,
        "accept": check_may_answer,
        "decline": check_may_answer,
        "leave": check_may_leave,
        "dissolve": check_may_dissolve,
    }
    offered = set()
    for name, check in checks.items():
        try:
            check(bloc, user)
        except DomainError:
            continue
        offered.add(name)
    return offered


def may_propose(user) -> bool:
    try:
        check_may_propose(user)
    except DomainError:
        return False
    return True


# --- Sharing items with a bloc --------------------------------------------------------------------
BLOC_VISIBILITY = "bloc"  # the visibility value of deals and lessons shared with a bloc


def sharing_problem(
    *,
    operator: Operator,
    visibility: str,
    bloc: Bloc | None,
    before: tuple[str, int | None] | None = None,
    member_of: Collection[int] | None = None,
) -> DomainError | None:
    """Why a deal or lesson of `operator` may not have `visibility` and `bloc` (None: it may):
    a bloc is named with the bloc visibility only, and then it must be an active bloc `operator`
    is an active member of — when the bloc is chosen: an item that keeps the bloc it had
    (`before`: its visibility and bloc id until now) stays valid after its operator left.
    `member_of`: the ids of the operator's blocs, when the caller holds them (a CSV import)."""
    if visibility != BLOC_VISIBILITY:
        if bloc is None:
            return None
        return Invalid("A bloc is named only with the “bloc” visibility.", field="bloc")
    if bloc is None:
        return Invalid("Choose the bloc whose members may see it.", field="bloc")
    if before == (BLOC_VISIBILITY, bloc.pk):
        return None
    if member_of is None:
        member_of = set(Bloc.objects.shared_with_by(operator).values_list("pk", flat=True))
    if bloc.pk not in member_of:
        return Invalid(
            f"{operator.name} is not an active member of {bloc.name}: share only with a bloc "
            "it belongs to.",
            field="bloc",
        )
    return None


def bloc_after_edit(*, visibility: str, given: dict, current: Bloc | None) -> Bloc | None:
    """The bloc an edited item names: the one given, else the one it had while it stays a bloc
    item, else none (an item that stops being shared with a bloc drops it)."""
    if "bloc" in given:
        return given["bloc"]
    return current if visibility == BLOC_VISIBILITY else None


# --- Writes ---------------------------------------------------------------------------------------
def _clean_categories(values: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(values))
    unknown = [value for value in values if value not in Category.values]
    if unknown:
        raise Invalid(f"{', '.join(unknown)} is not a category we know.", field="focus_categories")
    return values


def _unique_slug(name: str) -> str:
    base = slugify(name)[:110] or "bloc"
    slug, number = base, 2
    while Bloc.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def propose_bloc(
    *,
    by,
    name: str,
    purpose: str,
    focus_categories: Iterable[str] = (),
    invite: Iterable[Operator] = (),
) -> Bloc:
    """A manager proposes a bloc: their operator is its first active member, and the operators
    in `invite` are invited at once (each invitation mailed to that operator's managers)."""
    operator = check_may_propose(by)
    name = " ".join(name.split())
    purpose = purpose.strip()
    if len(name) < NAME_MIN_LENGTH:
        raise Invalid(
            f"Give the bloc a name of at least {NAME_MIN_LENGTH} characters.", field="name"
        )
    if Bloc.objects.filter(name__iexact=name).exists():
        raise Invalid(f"There is already a bloc named {name}.", field="name")
    if not purpose:
        raise Invalid("Say what the bloc is for.", field="purpose")
    categories = _clean_categories(focus_categories)
    now = timezone.now()
    try:
        with transaction.atomic():
            bloc = Bloc.objects.create(
                name=name,
                slug=_unique_slug(name),
                purpose=purpose,
                focus_categories=categories,
                proposed_by_operator=operator,
                proposed_by=by,
            )
            BlocMembership.objects.create(
                bloc=bloc,
                operator=operator,
                status=BlocMembership.Status.ACTIVE,
                invited_by=by,
                invited_at=now,
                responded_by=by,
                responded_at=now,
            )
            audit(
                actor=by,
                action="bloc.proposed",
                target=bloc,
                operator=operator,
                changes={"name": name, "focus_categories": categories},
            )
            for guest in invite:
                invite_operator(bloc=bloc, operator=guest, by=by)
    except IntegrityError as error:  # two people proposing the same name at once
        raise Invalid(f"There is already a bloc named {name}.", field="name") from error
    return bloc


def invite_operator(*, bloc: Bloc, operator: Operator, by) -> BlocMembership:
    """Invite `operator` into `bloc`; its managers are mailed once this commits."""
    inviter = check_may_invite(bloc, by)
    if not operator.can_contribute:
        raise Invalid(
            f"{operator.name} is {operator.get_status_display().lower()}: only members that may "
            "contribute can be invited.",
            field="operator",
        )
    with transaction.atomic():
        Bloc.objects.select_for_update().get(pk=bloc.pk)  # one membership write at a time
        membership = _membership(bloc, operator)
        if membership is not None and membership.status == BlocMembership.Status.ACTIVE:
            raise Conflict(f"{operator.name} is already a member of {bloc.name}.")
        if membership is not None and membership.status == BlocMembership.Status.INVITED:
            raise Conflict(f"{operator.name} is already invited to {bloc.name}.")
        membership = membership or BlocMembership(bloc=bloc, operator=operator)
        membership.status = BlocMembership.Status.INVITED
        membership.invited_by, membership.invited_at = by, timezone.now()
        membership.responded_by = membership.responded_at = membership.left_at = None
        membership.save()
        audit(
            actor=by,
            action="bloc.invited",
            target=bloc,
            operator=inviter,
            changes={"operator": operator.name},
        )
        outbox.enqueue(mail.send_bloc_invitation, membership.pk)
    return membership


def _answer(*, bloc: Bloc, by, status: str, action: str) -> BlocMembership:
    check_may_answer(bloc, by)
    with transaction.atomic():
        Bloc.objects.select_for_update().get(pk=bloc.pk)
        membership = check_may_answer(bloc, by)  # again, under the lock: one answer wins
        membership.status = status
        membership.responded_by, membership.responded_at = by, timezone.now()
        membership.save(update_fields=["status", "responded_by", "responded_at"])
        audit(actor=by, action=action, target=bloc, operator=membership.operator)
    return membership


def accept_invitation(*, bloc: Bloc, by) -> BlocMembership:
    """The invited operator joins: from now on it sees what the bloc's members share."""
    return _answer(bloc=bloc, by=by, status=BlocMembership.Status.ACTIVE, action="bloc.joined")


def decline_invitation(*, bloc: Bloc, by) -> BlocMembership:
    return _answer(bloc=bloc, by=by, status=BlocMembership.Status.DECLINED, action="bloc.declined")


def leave_bloc(*, bloc: Bloc, by) -> BlocMembership:
    """The operator leaves: what it shared with the bloc is no longer shared with the others,
    and it no longer sees what they share (the items themselves are not changed)."""
    check_may_leave(bloc, by)
    with transaction.atomic():
        Bloc.objects.select_for_update().get(pk=bloc.pk)
        membership = check_may_leave(bloc, by)
        membership.status = BlocMembership.Status.LEFT
        membership.left_at = timezone.now()
        membership.save(update_fields=["status", "left_at"])
        audit(actor=by, action="bloc.left", target=bloc, operator=membership.operator)
    return membership


def dissolve_bloc(*, bloc: Bloc, by, reason: str) -> Bloc:
    """Staff end a bloc, saying why: it shares nothing any more (its deals fall back to
    summaries, its lessons to their own operator) and takes no more writes; open invitations
    lapse with it."""
    check_may_dissolve(bloc, by)
    reason = reason.strip()
    if not reason:
        raise Invalid("Say why the bloc is dissolved.", field="reason")
    with transaction.atomic():
        bloc = Bloc.objects.select_for_update().get(pk=bloc.pk)
        _check_active(bloc)
        bloc.status = Bloc.Status.DISSOLVED
        bloc.dissolved_at = timezone.now()
        bloc.dissolved_by = by
        bloc.dissolution_reason = reason
        bloc.save(update_fields=["status", "dissolved_at", "dissolved_by", "dissolution_reason"])
        audit(actor=by, action="bloc.dissolved", target=bloc, reason=reason)
    return bloc
