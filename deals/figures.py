"""Figures over every deal that the dashboard and the pipeline board show, kept in the cache until
a deal, a partner or an opco changes (alliance.summaries; the services say when)."""

from __future__ import annotations

from alliance.summaries import cached_figure
from deals.coverage import Suggestion, white_space
from deals.models import Deal
from deals.presenters import viewer_operator_id

# What the figures are made of: deals, which partners a member may see, and the footprints.
TOPICS = ("deals", "partners", "opcos")


def viewer_key(user) -> str:
    """Everything `Deal.objects.visible_to` and `Partner.objects.visible_to` distinguish between
    viewers: staff or not, and the operator they act for. Two viewers with the same key see the
    same deals and partners, so they may share a figure."""
    return f"{'staff' if user.is_staff else 'member'}:{viewer_operator_id(user)}"


def dashboard_deal_figures(user) -> dict:
    """The deals panel: the operator's open deals, its exclusivity conflicts and the white space
    suggestions."""

    def compute() -> dict:
        operator_id = viewer_operator_id(user)
        own_open = conflicts = 0
        if operator_id is not None:
            own_open = Deal.objects.filter(operator_id=operator_id).open().count()
            conflicts = Deal.objects.visible_to(user).in_conflict_with(operator_id).count()
        suggestions: list[Suggestion] = white_space(user)
        return {"own_open": own_open, "conflicts": conflicts, "suggestions": suggestions}

    return cached_figure("deals-panel", topics=TOPICS, viewer=viewer_key(user), compute=compute)


def conflicting_deal_ids(user, operator_id: int, *, limit: int) -> list[int]:
    """The latest `limit` other operators' deals in conflict with `operator_id`'s, that `user`
    sees (the pipeline board lists them)."""

    def compute() -> list[int]:
        conflicts = Deal.objects.visible_to(user).in_conflict_with(operator_id)
        # Sorted here: the database finds the conflicts fastest from the operator's own deals,
        # in no particular order (an ORDER BY would make it scan every open deal instead).
        rows = conflicts.order_by().values_list("updated_at", "pk")
        return [pk for _, pk in sorted(rows, reverse=True)[:limit]]

    key = f"{viewer_key(user)}:{operator_id}:{limit}"
    return cached_figure("conflicts", topics=("deals",), viewer=key, compute=compute)
