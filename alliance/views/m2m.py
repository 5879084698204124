"""M2M/IoT pages: an operator's opcos' platforms and services (kept by its managers), and the
coverage finder (every member).

Who may see an operator is `Operator.objects.visible_to` (else 404); who may change its opcos'
capabilities is `alliance.m2m.check_may_edit_m2m` (else 403 with the reason, from the refusal
middleware), the same rule as the API's.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from alliance import m2m
from alliance.errors import DomainError
from alliance.finder import find_coverage
from alliance.forms.m2m import CoverageFinderForm, OpcoM2MForm
from alliance.models import Operator, Platform
from alliance.permissions import member_required


@member_required
def m2m_edit(request: HttpRequest, slug: str) -> HttpResponse:
    operator = get_object_or_404(Operator.objects.visible_to(request.user), slug=slug)
    m2m.check_may_edit_m2m(request.user, operator)
    opcos = operator.opcos.order_by("country").prefetch_related("platform_links", "m2m_services")
    platforms = list(Platform.objects.runnable_by(operator))
    forms = [OpcoM2MForm(request.POST or None, opco=opco, platforms=platforms) for opco in opcos]
    error = None
    if request.method == "POST" and all(form.is_valid() for form in forms):
        try:
            changed = m2m.save_operator_m2m(
                operator=operator,
                by=request.user,
                entries=[
                    (form.opco, form.cleaned_data["platforms"], form.cleaned_data["services"])
                    for form in forms
                ],
            )
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                f"Platforms and M2M services saved ({changed} opco{'s' if changed != 1 else ''} "
                "changed)."
                if changed
                else "Nothing changed.",
            )
            return redirect(operator)
    return render(
        request,
        "alliance/m2m/edit.html",
        {"operator": operator, "forms": forms, "platforms": platforms, "error": error},
    )


@member_required
def coverage_finder(request: HttpRequest) -> HttpResponse:
    form = CoverageFinderForm(request.GET or None, user=request.user)
    result = None
    if form.is_bound and form.is_valid():
        result = find_coverage(
            countries=form.cleaned_data["codes"],
            platform=form.cleaned_data["platform"],
            service=form.cleaned_data["service"] or None,
        )
    membership = request.user.active_membership
    return render(
        request,
        "alliance/m2m/coverage_finder.html",
        {
            "form": form,
            "result": result,
            "own_operator_id": membership.operator_id if membership else None,
        },
    )
