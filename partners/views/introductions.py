"""Introductions between members: making one, the inbox and outbox, answering and following up."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.permissions import member_required
from deals.models import Deal
from partners import services
from partners.forms import AnswerForm, IntroductionFilterForm, IntroductionForm
from partners.models import Introduction, Partner
from partners.views.common import not_allowed, paginate, run_action

BOXES = {"received": "Received", "sent": "Sent"}


@member_required
@require_http_methods(["GET", "POST"])
def introduce(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(Partner.objects.visible_to(request.user), slug=slug)
    try:
        operator = services.acting_operator(request.user)
    except services.NotAllowed as error:
        return not_allowed(request, error)
    form = IntroductionForm(request.POST or None, from_operator=operator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return run_action(
            request,
            lambda: services.introduce_partner(
                partner=partner,
                by=request.user,
                to_operator=data["to_operator"],
                countries=data["countries"],
                pitch=data["pitch"],
                response_due_on=data["response_due_on"],
            ),
            success=f"{partner.name} is introduced to {data['to_operator'].name}; they are told.",
            next_url=partner.get_absolute_url(),
        )
    context = {"partner": partner, "form": form, "operator": operator}
    return render(request, "partners/introduce.html", context, status=400 if form.errors else 200)


@member_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """ "My introductions": received (the default) or sent by the user's operator. Staff, who
    belong to no operator, see every introduction."""
    box = request.GET.get("box") if request.GET.get("box") in BOXES else "received"
    introductions = Introduction.objects.visible_to(request.user).for_listing()
    membership = request.user.active_membership
    if membership is not None:
        if box == "received":
            introductions = introductions.received_by(membership.operator)
        else:
            introductions = introductions.sent_by(membership.operator)
    form = IntroductionFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["status"]:
        introductions = introductions.filter(status=form.cleaned_data["status"])
    page = paginate(request, introductions.order_by("-created_at", "-pk"))
    context = {"page_obj": page, "box": box, "boxes": BOXES, "form": form}
    return render(request, "partners/introductions.html", context)


def _visible_introduction(request: HttpRequest, pk: int) -> Introduction:
    return get_object_or_404(
        Introduction.objects.visible_to(request.user)
        .for_listing()
        .select_related("answered_by")
        .prefetch_related("history__changed_by"),
        pk=pk,
    )


@member_required
@require_GET
def introduction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = _visible_introduction(request, pk)
    membership = request.user.active_membership
    operator_id = membership.operator_id if membership else None
    # The deals it led to, as far as the user may see them (the deals app links them here).
    deals = Deal.objects.visible_to(request.user).filter(introduction=introduction)
    is_party = operator_id in (introduction.from_operator_id, introduction.to_operator_id)
    return render(
        request,
        "partners/introduction.html",
        {
            "introduction": introduction,
            "deals": deals.select_related("operator").order_by("country"),
            "answer_form": AnswerForm(),
            "can_answer": operator_id == introduction.to_operator_id
            and introduction.status == Introduction.Status.PROPOSED
            and not introduction.is_overdue,
            "can_mark_met": is_party and introduction.can_move_to(Introduction.Status.MET),
            "can_mark_deal": is_party and introduction.can_move_to(Introduction.Status.DEAL),
        },
    )


@member_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = _visible_introduction(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        context = {"introduction": introduction, "answer_form": form, "can_answer": True}
        return render(request, "partners/introduction.html", context, status=400)
    accept = form.cleaned_data["decision"] == "accept"
    return run_action(
        request,
        lambda: services.answer_introduction(
            introduction=introduction,
            by=request.user,
            accept=accept,
            reason=form.cleaned_data["reason"],
        ),
        success="Thank you: the introducer is told your answer.",
        next_url=introduction.get_absolute_url(),
    )


PROGRESS = {
    "met": (services.mark_introduction_met, "Recorded: you have met."),
    "deal": (services.mark_introduction_deal, "Recorded: the introduction led to a deal."),
}


@member_required
@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = _visible_introduction(request, pk)
    step = PROGRESS.get(request.POST.get("step", ""))
    if step is None:
        return render(
            request,
            "partners/not_allowed.html",
            {"reason": "Choose “met” or “led to a deal”."},
            status=400,
        )
    service, success = step
    return run_action(
        request,
        lambda: service(introduction=introduction, by=request.user),
        success=success,
        next_url=introduction.get_absolute_url(),
    )
