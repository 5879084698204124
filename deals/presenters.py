"""Which fields of a deal a viewer may see: the one rule used by pages, the API, CSV and counts.

`Deal.objects.visible_to(user)` decides whether a viewer may know a deal exists; this module decides
how much of it they see:
- the owning operator's people see everything, confidential notes included;
- others see an `alliance` deal without its confidential notes;
- others see a `summary` deal as partner, operator, country and stage only;
- a `bloc` deal is an `alliance` deal to the people of the other operators of its bloc while
  both operators are active members of it (`alliance.models.shared_through_blocs`, the same
  rule as `Deal.objects.with_details_for`), and a `summary` deal to everyone else, staff
  included. A `Viewer` carries that membership, read once per page, list or file.

The introduction a deal came from is seen only by the two operators of that introduction and by
staff (the introductions rule of the partners app): to anyone else a deal's `introduction` is
None, so not even its id leaks. The rule reads the introduction's operator ids from the deal
(`DealQuerySet.for_listing` annotates them), so it costs no query per deal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from alliance.models import bloc_fellows
from deals.models import Deal, Visibility

# The facts of a summary deal that every member may see.
SUMMARY_FIELDS = frozenset({"id", "pk", "partner", "operator", "country", "stage"})
# Fields shown only to the owning operator's people.
OWNER_ONLY_FIELDS = frozenset({"confidential_notes"})
# Every field of a deal that carries information (relations included).
DETAIL_FIELDS = frozenset(
    field.name for field in Deal._meta.get_fields() if not field.auto_created or field.concrete
) | {"history", "time_in_stages", "opco_id", "introduction_id", "created_by_id", "bloc_id"}


INTRODUCTION_FIELDS = frozenset({"introduction", "introduction_id"})


class Access(StrEnum):
    OWNER = "owner"
    FULL = "full"
    SUMMARY = "summary"


def viewer_operator_id(user) -> int | None:
    """The operator a viewer acts for (None for staff and people without a membership)."""
    membership = user.active_membership if user.is_authenticated else None
    return membership.operator_id if membership else None


@dataclass(frozen=True)
class Viewer:
    """What the field rule needs to know of a viewer: their operator, whether they are staff,
    and the (bloc, operator) pairs of the active memberships of their operator's blocs."""

    operator_id: int | None = None
    is_staff: bool = False
    bloc_fellows: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of(cls, user) -> Viewer:
        """The viewer `user` (one query for their blocs, none for staff or outsiders)."""
        return cls(
            operator_id=viewer_operator_id(user),
            is_staff=user.is_authenticated and user.is_staff,
            bloc_fellows=bloc_fellows(user),
        )

    def shares_bloc_of(self, deal: Deal) -> bool:
        """The deal's bloc holds both its operator and the viewer's, as active members."""
        return (
            deal.bloc_id is not None
            and (deal.bloc_id, self.operator_id) in self.bloc_fellows
            and (deal.bloc_id, deal.operator_id) in self.bloc_fellows
        )


def introduction_parties(deal: Deal) -> tuple[int | None, int | None]:
    """The (introducing, recipient) operator ids of the deal's introduction."""
    if hasattr(deal, "introduction_from_id"):
        return deal.introduction_from_id, deal.introduction_to_id
    introduction = deal.introduction
    return introduction.from_operator_id, introduction.to_operator_id


def sees_introduction(deal: Deal, operator_id: int | None, *, is_staff: bool) -> bool:
    """Whether the viewer may know which introduction `deal` came from."""
    if deal.introduction_id is None or is_staff:
        return True
    return operator_id is not None and operator_id in introduction_parties(deal)


def access_for(deal: Deal, viewer: Viewer) -> Access:
    """How much of `deal` (already known visible) `viewer` sees."""
    if viewer.operator_id is not None and deal.operator_id == viewer.operator_id:
        return Access.OWNER
    if deal.visibility == Visibility.ALLIANCE:
        return Access.FULL
    if deal.visibility == Visibility.BLOC and viewer.shares_bloc_of(deal):
        return Access.FULL
    return Access.SUMMARY


def is_shown(field: str, access: Access) -> bool:
    if access is Access.OWNER:
        return True
    if access is Access.SUMMARY:
        return field in SUMMARY_FIELDS
    return field not in OWNER_ONLY_FIELDS


class DealView:
    """A deal as one viewer sees it: hidden fields read as None (and `get_X_display` as "")."""

    def __init__(self, deal: Deal, viewer: Viewer) -> None:
        self.deal = deal
        self.access = access_for(deal, viewer)
        self.sees_introduction = sees_introduction(
            deal, viewer.operator_id, is_staff=viewer.is_staff
        )

    @property
    def is_owner(self) -> bool:
        return self.access is Access.OWNER

    @property
    def is_summary_only(self) -> bool:
        return self.access is Access.SUMMARY

    def shows(self, field: str) -> bool:
        if field in INTRODUCTION_FIELDS and not self.sees_introduction:
            return False
        return is_shown(field, self.access)

    def __getattr__(self, name: str) -> Any:
        field = name.removeprefix("get_").removesuffix("_display")
        if field in DETAIL_FIELDS and not self.shows(field):
            return "" if name.startswith("get_") else None
        return getattr(self.deal, name)

    def __str__(self) -> str:
        return str(self.deal)


def present(
    deals: Iterable[Deal], user, *, viewer: Viewer | None = None, lazily: bool = False
) -> list[DealView] | Iterator[DealView]:
    """Wrap deals (from a visible_to(user) queryset) for display to `user` (pass `viewer` when
    presenting several batches to the same person; `lazily` wraps them as they are read, for
    an export that streams)."""
    viewer = viewer or Viewer.of(user)
    views = (DealView(deal, viewer) for deal in deals)
    return views if lazily else list(views)


def present_one(deal: Deal, user) -> DealView:
    return DealView(deal, Viewer.of(user))
