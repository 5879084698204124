"""The dashboard's standing panel and the labels of standing audit entries, loaded in templates as
`{% load standing_tags %}` (registered under that name in settings' TEMPLATES libraries)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from alliance.standing.figures import monthly_contributions, standing_of

register = template.Library()

ACTION_LABELS = {
    "standing.flagged": "Flagged by the inactivity job",
    "standing.flag_cleared": "Flag cleared: contributed again",
    "standing.due_for_review": "Grace passed: due for review",
    "standing.grace_extended": "Grace period extended",
    "standing.exempted": "Exempted",
    "standing.suspended": "Suspended",
    "standing.removed": "Removed",
    "standing.reinstated": "Reinstated",
    "standing.policy_changed": "Inactivity policy changed",
    "standing.job_run": "Ran the inactivity job from the pruning page",
}


@register.inclusion_tag("alliance/standing/_panel.html", takes_context=True)
def standing_panel(context) -> dict:
    """The signed-in member's operator: its standing, what to do, and its last 12 months."""
    request = context.get("request")
    membership = (
        request.user.active_membership if request and request.user.is_authenticated else None
    )
    if membership is None:
        return {"standing": None}
    now = timezone.now()
    return {
        "standing": standing_of(membership.operator, now=now),
        "bars": monthly_contributions(membership.operator, now=now),
    }


@register.filter
def standing_action(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def standing_changes(changes: dict) -> str:
    """ "status: flagged → removed; grace_until: …" for [before, after] pairs, "k: v" otherwise."""
    parts = []
    for name, change in (changes or {}).items():
        label = name.replace("_", " ")
        if isinstance(change, list) and len(change) == 2:
            before, after = change
            parts.append(
                f"{label}: {before} → {after}" if before is not None else f"{label}: {after}"
            )
        else:
            parts.append(f"{label}: {change}")
    return "; ".join(parts)
