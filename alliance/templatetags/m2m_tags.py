"""Template tags of the M2M/IoT pages: the operator page's M2M/IoT card (it loads its own rows,
so the profile view stays as it is) and the coverage finder's cells."""

from __future__ import annotations

from html import escape

from django import template
from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe

from alliance.finder import CountryRow
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


@register.simple_tag
def finder_offers(row: CountryRow) -> SafeString:
    """The coverage finder's cell of one country: each opco that can serve it, its platforms and
    services. Built here, every value escaped, rather than in the template: a whole-world answer
    lists some 2,000 opcos, which the template language takes most of a second to render."""
    if not row.offers:
        return mark_safe('<span class="finder-none">Nobody</span>')
    items = []
    for offer in row.offers:
        platforms = "".join(f'<span class="tag">{escape(p.name)}</span> ' for p in offer.platforms)
        items.append(
            f'<li class="{"finder-offer--proposed" if offer.proposed else ""}">'
            f"<strong>{escape(offer.operator.name)}</strong> "
            f'<span class="muted">{escape(offer.brand_name)}</span> '
            f'<span class="finder-platforms">{platforms}</span> '
            f'<span class="small muted">{escape(" · ".join(offer.service_labels))}</span></li>'
        )
    return mark_safe(f'<ul class="finder-offers">{"".join(items)}</ul>')
