"""Template tags of programmes: `{% load programme_tags %}{% bloc_programmes bloc %}` lists a
bloc's programmes on its page, as far as the viewer may see them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from deals.programmes.grid import for_listing
from deals.programmes.models import Programme

register = template.Library()


@register.inclusion_tag("deals/programmes/_bloc_programmes.html", takes_context=True)
def bloc_programmes(context, bloc) -> dict:
    """The bloc's programmes the viewer sees (`Programme.objects.visible_to`), in one query."""
    user = context["request"].user
    programmes = for_listing(Programme.objects.visible_to(user).filter(bloc=bloc)).order_by(
        "status", "-created_at", "-pk"
    )
    return {"bloc": bloc, "programmes": programmes}


@register.filter
def figure(value) -> str:
    """An SLA figure as people write it: 99.500 → "99.5", 6.00 → "6"."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value).normalize():f}"
