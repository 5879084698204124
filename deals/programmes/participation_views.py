"""A participation's page (one country of a programme: its SLA, its deal, its reports) and its
writes: answering the invitation, withdrawing it, changing the SLA, linking or logging the deal,
and filing a monthly report. Each form posts to its own URL and, refused, is shown again on the
page with the service's sentence beside its field and everything typed kept."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from alliance.params import parse_id
from alliance.permissions import member_required
from alliance.typeahead import MAX_TYPED, SUGGESTIONS
from deals.models import Deal
from deals.presenters import present_one
from deals.programmes import services, sla
from deals.programmes.access import ProgrammeView
from deals.programmes.forms import (
    AnswerForm,
    LinkDealForm,
    NewDealForm,
    OperationsForm,
    ReasonForm,
    ReportForm,
    TermsForm,
    deal_label,
    participant_deals,
)
from deals.programmes.models import Participation
from partners.views.common import run_form, writing_operator


def visible_participation(request: HttpRequest, pk: object) -> Participation:
    """A participation of a programme the user may see, or 404."""
    return get_object_or_404(
        Participation.objects.visible_to(request.user).select_related(
            "programme__lead", "programme__partner", "programme__bloc", "operator", "platform"
        ),
        pk=parse_id(pk),
    )


def _page(
    request: HttpRequest, participation: Participation, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    """The participation's page, with the forms the viewer may use (`bound` ones as posted)."""
    user, operator = request.user, writing_operator(request)
    programme = participation.programme
    view = ProgrammeView(programme, user, programme.participations.all())
    deal = None
    if participation.deal_id:
        found = Deal.objects.visible_to(user).for_listing().filter(pk=participation.deal_id)
        deal = present_one(found[0], user) if found else None
    reports = list(participation.reports.select_related("reported_by"))
    manages = participation.is_current and programme.is_managed_by(operator)
    runs = participation.is_run_by(operator)
    context = {
        "participation": participation,
        "programme": programme,
        "shows_contact": view.shows(participation, "escalation_name"),
        "reason": view.shown(participation, "answer_reason")
        or view.shown(participation, "withdraw_reason"),
        "deal": deal,
        "reports": reports,
        "manages": manages,
        "runs": runs,
        "answer_form": None,
        "withdraw_form": None,
        "terms_form": None,
        "operations_form": None,
        "link_form": None,
        "new_deal_form": None,
        "report_form": None,
    }
    if participation.can_be_answered_by(operator):
        context["answer_form"] = AnswerForm(participation=participation, user=user)
    if manages:
        context["withdraw_form"] = ReasonForm()
        context["terms_form"] = TermsForm(participation=participation)
    if runs:
        context["operations_form"] = OperationsForm(participation=participation)
        context["link_form"] = LinkDealForm(participation=participation, user=user)
        if programme.partner_id:
            context["new_deal_form"] = NewDealForm(participation=participation, user=user)
        context["report_form"] = ReportForm(reported={r.month for r in reports})
    context.update(bound)
    return render(request, "deals/programmes/participation.html", context, status=status)


def _done(request: HttpRequest, participation: Participation, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(participation)


@member_required
@require_GET
def participation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _page(request, visible_participation(request, pk))


@member_required
@require_POST
def participation_answer(request: HttpRequest, pk: str) -> HttpResponse:
    participation = visible_participation(request, pk)
    form = AnswerForm(request.POST, participation=participation, user=request.user)
    status = run_form(
        request,
        form,
        lambda data: services.answer_invitation(
            participation=participation,
            by=request.user,
            accept=data["decision"] == "accept",
            reason=data["reason"],
            operations=form.operations() if data["decision"] == "accept" else {},
            deal=data["deal"] if data["decision"] == "accept" else None,
        ),
    )
    if status is None:
        accepted = form.cleaned_data["decision"] == "accept"
        message = "You take part: file a report each month." if accepted else "Declined."
        return _done(request, participation, f"{message} The lead's managers are told.")
    return _page(request, participation, status, answer_form=form)


def _post(
    request: HttpRequest,
    pk: str,
    *,
    name: str,
    form: Callable[[Participation], forms.Form],
    action: Callable[[Participation, dict], object],
    done: str,
) -> HttpResponse:
    """Handle one of the page's forms (`name` in the page's context): the service's refusal is
    shown on the page beside its field; done, back to the page with `done` said."""
    participation = visible_participation(request, pk)
    bound = form(participation)
    status = run_form(request, bound, lambda data: action(participation, data))
    if status is None:
        return _done(request, participation, done)
    return _page(request, participation, status, **{name: bound})


@member_required
@require_POST
def participation_withdraw(request: HttpRequest, pk: str) -> HttpResponse:
    participation = visible_participation(request, pk)
    form = ReasonForm(request.POST)
    status = run_form(
        request,
        form,
        lambda data: services.withdraw_participation(
            participation=participation, by=request.user, reason=data["reason"]
        ),
    )
    if status is None:
        messages.success(request, f"Withdrawn: {participation.country.name} is free again.")
        return redirect(participation.programme)
    return _page(request, participation, status, withdraw_form=form)


@member_required
@require_POST
def participation_terms(request: HttpRequest, pk: str) -> HttpResponse:
    return _post(
        request,
        pk,
        name="terms_form",
        form=lambda p: TermsForm(request.POST, participation=p),
        action=lambda p, data: services.update_sla(participation=p, by=request.user, values=data),
        done="SLA terms saved.",
    )


@member_required
@require_POST
def participation_operations(request: HttpRequest, pk: str) -> HttpResponse:
    return _post(
        request,
        pk,
        name="operations_form",
        form=lambda p: OperationsForm(request.POST, participation=p),
        action=lambda p, data: services.update_sla(participation=p, by=request.user, values=data),
        done="Escalation contact and platform saved.",
    )


@member_required
@require_GET
def participation_deals(request: HttpRequest, pk: str) -> HttpResponse:
    """The deal field's type-ahead on a participation's page (`offer_deals`): the participant's
    open deals in the country that the member sees, whose partner's name contains `?q=`."""
    participation = visible_participation(request, pk)
    typed = " ".join(request.GET.get("q", "").split())[:MAX_TYPED]
    deals = participant_deals(participation, request.user).filter(partner__name__icontains=typed)
    return JsonResponse(
        [
            {"value": deal.partner.slug, "label": deal_label(deal)}
            for deal in (deals[:SUGGESTIONS] if typed else [])
        ],
        safe=False,
    )


@member_required
@require_POST
def participation_link_deal(request: HttpRequest, pk: str) -> HttpResponse:
    return _post(
        request,
        pk,
        name="link_form",
        form=lambda p: LinkDealForm(request.POST, participation=p, user=request.user),
        action=lambda p, data: services.link_deal(
            participation=p, by=request.user, deal=data["deal"]
        ),
        done="Deal linked.",
    )


@member_required
@require_POST
def participation_new_deal(request: HttpRequest, pk: str) -> HttpResponse:
    return _post(
        request,
        pk,
        name="new_deal_form",
        form=lambda p: NewDealForm(request.POST, participation=p, user=request.user),
        action=lambda p, data: services.log_participation_deal(
            participation=p, by=request.user, values=data
        ),
        done="Deal logged and linked.",
    )


@member_required
@require_POST
def participation_report(request: HttpRequest, pk: str) -> HttpResponse:
    participation = visible_participation(request, pk)
    reported = set(participation.reports.values_list("month", flat=True))
    form = ReportForm(request.POST, reported=reported)
    filed = []
    status = run_form(
        request,
        form,
        lambda data: filed.append(
            sla.file_sla_report(participation=participation, by=request.user, **data)
        ),
    )
    if status is None:
        report = filed[0]
        if report.is_breach:
            messages.warning(
                request,
                f"Report filed. {report.availability.normalize():f} % is below the "
                f"{report.target.normalize():f} % target: the lead's managers are told of the "
                "breach.",
            )
            return redirect(participation)
        return _done(request, participation, f"Report for {report.month:%B %Y} filed.")
    return _page(request, participation, status, report_form=form)
