from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from alliance.models import Operator
from alliance.permissions import is_alliance_member, member_required


def home(request: HttpRequest) -> HttpResponse:
    """Members go to their dashboard; everyone else sees what the alliance is and how to join."""
    if is_alliance_member(request.user):
        return redirect("alliance:dashboard")
    return render(request, "alliance/home.html")


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = request.user.active_membership
    operator = (
        Operator.objects.with_footprint().get(pk=membership.operator_id) if membership else None
    )
    members = Operator.objects.visible_to(request.user).current().with_footprint()
    return render(
        request,
        "alliance/dashboard.html",
        {"operator": operator, "members": members[:12], "member_count": members.count()},
    )
