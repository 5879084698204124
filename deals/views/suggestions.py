"""The deal forms' type-ahead (`deals.forms.partner_field`): the partners a deal may be logged
for, among those the member may see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from alliance.permissions import member_required
from alliance.typeahead import suggestions
from partners.models import Partner


@member_required
@require_GET
def partner_suggestions(request: HttpRequest) -> HttpResponse:
    """Partners the member sees that accept deals (`PartnerQuerySet.accepting_deals`, the rule
    `DealRules.partner_problem` applies to one partner), by name."""
    return suggestions(request, Partner.objects.visible_to(request.user).accepting_deals())
