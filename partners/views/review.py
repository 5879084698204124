"""Reviewing applications: the queue, taking one up, sponsoring (members), declining (admins), and
how each member hears of new applications."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.permissions import acting_operator, member_required, staff_required
from alliance.text import possessive
from partners import services
from partners.application_mail import application_mail_of
from partners.forms import ApplicationMailForm, DeclineForm, SponsorForm
from partners.models import ApplicationMail, Partner
from partners.views.common import paginate, run_form, visible_partner

MAIL_SUMMARY = {
    ApplicationMail.EACH: "each one, as it arrives",
    ApplicationMail.DAILY: "a daily digest",
    ApplicationMail.NONE: "none",
}
SAVED_MAIL = {
    ApplicationMail.EACH: "Saved: you will be mailed about each new application.",
    ApplicationMail.DAILY: "Saved: you will get a daily digest of new applications.",
    ApplicationMail.NONE: "Saved: you will get no mail about applications.",
}


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
    mail = MAIL_SUMMARY[application_mail_of(request.user)]
    return render(request, "partners/review_queue.html", {"page_obj": page, "mail": mail})


@member_required
@require_http_methods(["GET", "POST"])
def application_mail(request: HttpRequest) -> HttpResponse:
    """A member chooses how they hear of new applications (staff are told they hear of each)."""
    form = ApplicationMailForm(
        request.POST or None, initial={"choice": application_mail_of(request.user)}
    )
    status = run_form(
        request,
        form,
        lambda data: services.set_application_mail(user=request.user, choice=data["choice"]),
    )
    if status is None:
        messages.success(request, SAVED_MAIL[form.cleaned_data["choice"]])
        return redirect("partners:application_mail")
    context = {"form": form, "is_member": request.user.active_membership is not None}
    return render(request, "partners/application_mail.html", context, status=status)


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
            request,
            f"{possessive(partner.name)} application is declined; the applicant is told why.",
        )
        return redirect(partner)
    context = {"partner": partner, "form": form}
    return render(request, "partners/decline.html", context, status=status)
