"""Template tags of the deals app: the dashboard panel and small display helpers."""

from __future__ import annotations

from datetime import timedelta

from django import template

from deals.coverage import white_space
from deals.models import Deal

register = template.Library()


@register.inclusion_tag("deals/_dashboard_panel_body.html", takes_context=True)
def deals_dashboard_panel(context) -> dict:
    """White space suggestions and the user's open deals and conflicts, in constant queries."""
    user = context["request"].user
    membership = user.active_membership
    own_open = conflicts = 0
    if membership is not None:
        own_open = Deal.objects.filter(operator_id=membership.operator_id).open().count()
        conflicts = Deal.objects.visible_to(user).in_conflict_with(membership.operator_id).count()
    return {
        "suggestions": white_space(user),
        "own_open": own_open,
        "conflicts": conflicts,
        "has_membership": membership is not None,
        # An inclusion tag's template sees only what it is given: pass on the "may write" rule.
        "can_contribute": context.get("can_contribute", False),
    }


@register.filter
def days(value: timedelta | None) -> str:
    """A stage duration as people say it: "less than a day", "1 day", "12 days"."""
    if value is None:
        return ""
    count = value.days
    if count < 1:
        return "less than a day"
    return f"{count} day{'s' if count != 1 else ''}"
