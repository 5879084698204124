"""Operators apply to join the alliance (public form); admins review the applications."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_countries.fields import Country

from alliance import ratelimit, services
from alliance.forms.applications import DeclineApplicationForm, OperatorApplicationForm
from alliance.models import OperatorApplication
from alliance.paging import CappedPaginator
from alliance.permissions import staff_required

# Accepted applications one address may send per hour (invalid ones do not count).
APPLICATIONS = ratelimit.Limit("join-apply", allowed=5, window_seconds=60 * 60)


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = OperatorApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if ratelimit.is_used_up(APPLICATIONS, request):
            form.is_valid()  # keep what was typed, with any field errors beside it
            form.add_error(
                None,
                "Too many applications from your network in the last hour. Please try again later.",
            )
            status = 429
        elif form.is_valid():
            if not form.is_spam:
                services.submit_operator_application(application=form.save(commit=False))
                ratelimit.count(APPLICATIONS, request)
            return redirect("alliance:apply_thanks")
        else:
            status = 400
    return render(request, "alliance/apply.html", {"form": form}, status=status)


def apply_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "alliance/apply_thanks.html")


@staff_required
def staff_applications(request: HttpRequest) -> HttpResponse:
    applications = OperatorApplication.objects.select_related("reviewed_by", "operator").order_by(
        Case(
            When(status=OperatorApplication.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "-created_at",
    )
    page = CappedPaginator(applications, 30).get_page(request.GET.get("page"))
    pending = OperatorApplication.objects.filter(status=OperatorApplication.Status.PENDING).count()
    return render(
        request,
        "alliance/staff_applications.html",
        {"page_obj": page, "applications": page.object_list, "pending_count": pending},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        OperatorApplication.objects.select_related("reviewed_by", "operator"), pk=pk
    )
    decline_form = DeclineApplicationForm(
        request.POST if request.POST.get("action") == "decline" else None
    )
    status = 200
    # A refusal of the services (already reviewed, name taken) is answered by the refusal page.
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve":
            operator = services.approve_operator_application(
                application=application, by=request.user
            )
            messages.success(
                request,
                f"{operator.name} is now a member; {application.contact_email} was invited "
                "as its first manager.",
            )
            return redirect("alliance:staff_applications")
        if action == "decline" and decline_form.is_valid():
            services.decline_operator_application(
                application=application,
                by=request.user,
                reason=decline_form.cleaned_data["reason"],
            )
            messages.success(request, f"The application of {application.name} is declined.")
            return redirect("alliance:staff_applications")
        if action not in ("approve", "decline"):
            messages.error(request, "Choose to approve or decline the application.")
        status = 400
    return render(
        request,
        "alliance/staff_application.html",
        {
            "application": application,
            "footprint": [Country(code) for code in application.footprint],
            "decline_form": decline_form,
        },
        status=status,
    )
