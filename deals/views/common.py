"""What the deals views share: the visible-deal lookup."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from alliance.params import parse_id
from deals.models import Deal


def visible_deal(request: HttpRequest, pk: object) -> Deal:
    """A deal the user may see, or 404 (whether it exists is not told)."""
    return get_object_or_404(Deal.objects.visible_to(request.user).for_listing(), pk=parse_id(pk))
