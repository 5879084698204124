from __future__ import annotations

from django.db.models import Count, Q
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
    members = Operator.objects.visible_to(request.user).current()
    own_countries = {opco.country.code for opco in operator.opcos.all()} if operator else set()
    # Members sharing the most countries with the user's operator first: the likeliest partners
    # (counted by the database; only the twelve shown read their footprints).
    others = (
        members.exclude(pk=operator.pk if operator else None)
        .annotate(shared=Count("opcos", filter=Q(opcos__country__in=own_countries)))
        .order_by("-shared", "name")
        .with_footprint()[:12]
    )
    context = {
        "operator": operator,
        "members": [
            {
                "operator": member,
                "shared": [c for c in member.footprint if c.code in own_countries],
            }
            for member in others
        ],
        "member_count": members.count(),
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
