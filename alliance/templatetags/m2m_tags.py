"""The operator page's M2M/IoT card; it loads its own rows, so the profile view stays as it is."""

from __future__ import annotations

from django import template
from django.db.models import Prefetch

from alliance.models import M2MService, OpcoPlatform, Operator

register = template.Library()


@register.inclusion_tag("alliance/m2m/_operator_section.html")
def operator_m2m(operator: Operator, can_edit: bool = False) -> dict:
    """Each of `operator`'s opcos that lists platforms or services, with them (three queries)."""
    labels = dict(M2MService.choices)
    opcos = operator.opcos.order_by("country").prefetch_related(
        Prefetch("platform_links", queryset=OpcoPlatform.objects.select_related("platform")),
        "m2m_services",
    )
    rows = []
    for opco in opcos:
        platforms = sorted((link.platform for link in opco.platform_links.all()), key=str)
        offered = {s.service for s in opco.m2m_services.all()}
        services = [label for value, label in labels.items() if value in offered]
        if platforms or services:
            rows.append({"opco": opco, "platforms": platforms, "services": services})
    return {"operator": operator, "rows": rows, "can_edit": can_edit}
