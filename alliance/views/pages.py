from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from alliance.models import Membership, Opco, Operator, OperatorApplication
from alliance.permissions import is_alliance_member, member_required


def home(request: HttpRequest) -> HttpResponse:
    """Members go to their dashboard; everyone else sees what the alliance is and how to join."""
    if is_alliance_member(request.user):
        return redirect("alliance:dashboard")
    return render(request, "alliance/home.html")


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The member's operator and the alliance around it: which members share its countries (where
    partners travel most easily) and what needs the user's attention."""
    membership = request.user.active_membership
    operator = (
        Operator.objects.with_footprint().get(pk=membership.operator_id) if membership else None
    )
    members = list(Operator.objects.visible_to(request.user).current().with_footprint())
    own_countries = {str(country) for country in operator.footprint} if operator else set()
    others = [
        {
            "operator": member,
            "shared": [c for c in member.footprint if str(c) in own_countries],
        }
        for member in members
        if operator is None or member.pk != operator.pk
    ]
    # Members sharing the most countries with the user's operator first: the likeliest partners.
    others.sort(key=lambda row: (-len(row["shared"]), row["operator"].name))
    context = {
        "operator": operator,
        "members": others[:12],
        "member_count": len(members),
        "country_count": Opco.objects.filter(operator__in=members)
        .order_by()
        .values("country")
        .distinct()
        .count(),
        "pending_requests": Membership.objects.filter(
            operator=operator, status=Membership.Status.PENDING
        ).count()
        if membership and membership.is_manager
        else 0,
        "pending_applications": OperatorApplication.objects.filter(
            status=OperatorApplication.Status.PENDING
        ).count()
        if request.user.is_staff
        else 0,
    }
    return render(request, "alliance/dashboard.html", context)
