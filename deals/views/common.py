"""What the deals views share: the writer check and the visible-deal lookup."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from alliance.models import Operator
from alliance.permissions import can_contribute
from deals.models import Deal

READ_ONLY_MESSAGE = (
    "Your operator is suspended from the alliance: you can read the portal, but not log or change "
    "deals until it is reinstated."
)
NOT_OWNER_MESSAGE = "Only people of the operator that owns the deal may change it."


def read_only(request: HttpRequest, message: str = READ_ONLY_MESSAGE) -> HttpResponse:
    return render(request, "deals/read_only.html", {"message": message}, status=403)


def writer_operator(request: HttpRequest) -> Operator | None:
    """The operator the user writes deals for, or None when they may not write."""
    if not can_contribute(request.user):
        return None
    return request.user.active_membership.operator


def visible_deal(request: HttpRequest, pk: int) -> Deal:
    """A deal the user may see, or 404 (whether it exists is not told)."""
    return get_object_or_404(Deal.objects.visible_to(request.user).for_listing(), pk=pk)
