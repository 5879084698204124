"""Template tags of the deals app: the dashboard panel and small display helpers."""

from __future__ import annotations

from datetime import timedelta

from django import template

from deals.figures import dashboard_deal_figures

register = template.Library()


@register.inclusion_tag("deals/_dashboard_panel_body.html", takes_context=True)
def deals_dashboard_panel(context) -> dict:
    """White space suggestions and the user's open deals and conflicts (deals.figures: cached)."""
    user = context["request"].user
    return {
        **dashboard_deal_figures(user),
        "has_membership": user.active_membership is not None,
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
