"""Reviewing applications: the queue, taking one up, sponsoring (members), declining (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.permissions import member_required, staff_required
from partners import services
from partners.forms import DeclineForm, SponsorForm
from partners.models import Partner
from partners.views.common import not_allowed, paginate, run_action


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


def _visible_partner(request: HttpRequest, slug: str) -> Partner:
    return get_object_or_404(Partner.objects.visible_to(request.user), slug=slug)


@member_required
@require_POST
def start_review(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _visible_partner(request, slug)
    return run_action(
        request,
        lambda: services.start_review(partner=partner, by=request.user),
        success=f"You are reviewing {partner.name}; the applicant sees it is under review.",
        next_url=partner.get_absolute_url(),
    )


@member_required
@require_http_methods(["GET", "POST"])
def sponsor(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _visible_partner(request, slug)
    try:
        operator = services.acting_operator(request.user)
    except services.NotAllowed as error:
        return not_allowed(request, error)
    form = SponsorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return run_action(
            request,
            lambda: services.sponsor_partner(
                partner=partner,
                by=request.user,
                pitch=form.cleaned_data["pitch"],
                suggested_countries=form.cleaned_data["suggested_countries"],
            ),
            success=f"{operator.name} now sponsors {partner.name}.",
            next_url=partner.get_absolute_url(),
        )
    context = {"partner": partner, "form": form, "operator": operator}
    return render(request, "partners/sponsor.html", context, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _visible_partner(request, slug)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return run_action(
            request,
            lambda: services.decline_application(
                partner=partner, by=request.user, reason=form.cleaned_data["reason"]
            ),
            success=f"{partner.name}'s application is declined; the applicant is told why.",
            next_url=partner.get_absolute_url(),
        )
    if not partner.is_open_application:
        messages.error(request, f"{partner.name} is not an open application.")
        return redirect(partner)
    context = {"partner": partner, "form": form}
    return render(request, "partners/decline.html", context, status=400 if form.errors else 200)
