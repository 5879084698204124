"""Template tags of the partners app: the dashboard panel renders itself, in three queries."""

from __future__ import annotations

from django import template

from partners.models import Introduction, Partner

register = template.Library()

PANEL_ROWS = 5


@register.inclusion_tag("partners/_dashboard_panel_body.html", takes_context=True)
def partners_dashboard_panel(context) -> dict:
    """Introductions waiting for the user's operator to answer, and applications to review."""
    user = context["request"].user
    membership = user.active_membership if user.is_authenticated else None
    waiting = Introduction.objects.none()
    if membership is not None:
        waiting = (
            Introduction.objects.visible_to(user)
            .received_by(membership.operator)
            .awaiting_answer()
            .for_listing()
            .order_by("response_due_on", "pk")
        )
    return {
        "waiting": list(waiting[:PANEL_ROWS]),
        "waiting_count": waiting.count(),
        "applications_count": Partner.objects.visible_to(user).open_applications().count(),
    }
