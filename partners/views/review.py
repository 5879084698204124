"""Reviewing applications: the queue, taking one up, sponsoring (members), declining (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.permissions import acting_operator, member_required, staff_required
from partners import services
from partners.forms import DeclineForm, SponsorForm
from partners.models import Partner
from partners.views.common import paginate, run_form, visible_partner


@member_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Open applications, oldest first, with possible duplicates flagged."""
    applications = (
        Partner.objects.visible_to(request.user)
        .open_applications()
        .select_related("duplicate_of", "works_with")
        .for_listing()
        .order_by("created_at", "pk")
    )
    page = paginate(request, applications)
    return render(request, "partners/review_queue.html", {"page_obj": page})


@member_required
@require_POST
def start_review(request: HttpRequest, slug: str) -> HttpResponse:
    partner = visible_partner(request, slug)
    services.start_review(partner=partner, by=request.user)
    messages.success(
        request, f"You are reviewing {partner.name}; the applicant sees it is under review."
    )
    return redirect(partner)


@member_required
@require_http_methods(["GET", "POST"])
def sponsor(request: HttpRequest, slug: str) -> HttpResponse:
    partner = visible_partner(request, slug)
    operator = acting_operator(request.user)
    form = SponsorForm(request.POST or None)
    status = run_form(
        request,
        form,
        lambda data: services.sponsor_partner(
            partner=partner,
            by=request.user,
            pitch=data["pitch"],
            suggested_countries=data["suggested_countries"],
        ),
    )
    if status is None:
        messages.success(request, f"{operator.name} now sponsors {partner.name}.")
        return redirect(partner)
    context = {"partner": partner, "form": form, "operator": operator}
    return render(request, "partners/sponsor.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, slug: str) -> HttpResponse:
    partner = visible_partner(request, slug)
    form = DeclineForm(request.POST or None)
    status = run_form(
        request,
        form,
        lambda data: services.decline_application(
            partner=partner, by=request.user, reason=data["reason"]
        ),
    )
    if status is None:
        messages.success(
            request, f"{partner.name}'s application is declined; the applicant is told why."
        )
        return redirect(partner)
    context = {"partner": partner, "form": form}
    return render(request, "partners/decline.html", context, status=status)
