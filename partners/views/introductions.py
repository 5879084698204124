"""Introductions between members: making one, the inbox and outbox, answering and following up.

An introduction's page is for its two operators and staff (`Introduction.objects.visible_to`);
anyone else gets a 404, as for an introduction that does not exist."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.errors import Invalid
from alliance.permissions import acting_operator, member_required
from partners import services
from partners.forms import AnswerForm, IntroductionFilterForm, IntroductionForm
from partners.models import Introduction
from partners.views.common import (
    paginate,
    run_form,
    visible_introduction,
    visible_partner,
    writing_operator,
)

BOXES = {"received": "Received", "sent": "Sent"}


@member_required
@require_http_methods(["GET", "POST"])
def introduce(request: HttpRequest, slug: str) -> HttpResponse:
    partner = visible_partner(request, slug)
    operator = acting_operator(request.user)
    form = IntroductionForm(request.POST or None, from_operator=operator)
    status = run_form(
        request,
        form,
        lambda data: services.introduce_partner(
            partner=partner,
            by=request.user,
            to_operator=data["to_operator"],
            countries=data["countries"],
            pitch=data["pitch"],
            response_due_on=data["response_due_on"],
        ),
    )
    if status is None:
        recipient = form.cleaned_data["to_operator"]
        messages.success(
            request, f"{partner.name} is introduced to {recipient.name}; they are told."
        )
        return redirect(partner)
    context = {"partner": partner, "form": form, "operator": operator}
    return render(request, "partners/introduce.html", context, status=status)


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


def _page(request: HttpRequest, introduction: Introduction, answer_form: AnswerForm, status: int):
    operator = writing_operator(request)
    return render(
        request,
        "partners/introduction.html",
        {
            "introduction": introduction,
            # The deals it led to, as far as the user may see them (the deals app links them).
            "deals": introduction.visible_deals,
            "answer_form": answer_form,
            "can_answer": introduction.can_be_answered_by(operator),
            "can_mark_met": introduction.can_progress(operator, Introduction.Status.MET),
            # "It led to a deal" opens the deal form pre-filled from the introduction: the status
            # moves, and the introducer is credited, only when that deal is logged.
            "can_log_deal": introduction.can_lead_to_deal_of(operator),
        },
        status=status,
    )


@member_required
@require_GET
def introduction_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _page(request, visible_introduction(request, pk), AnswerForm(), 200)


@member_required
@require_POST
def answer(request: HttpRequest, pk: str) -> HttpResponse:
    introduction = visible_introduction(request, pk)
    # Who may answer, and when, is refused with the refusal page; the form shows only its input.
    introduction.check_answerable_by(acting_operator(request.user))
    form = AnswerForm(request.POST)
    status = run_form(
        request,
        form,
        lambda data: services.answer_introduction(
            introduction=introduction,
            by=request.user,
            accept=data["decision"] == "accept",
            reason=data["reason"],
        ),
    )
    if status is None:
        messages.success(request, "Thank you: the introducer is told your answer.")
        return redirect(introduction)
    return _page(request, introduction, form, status)


@member_required
@require_POST
def progress(request: HttpRequest, pk: str) -> HttpResponse:
    """Record that the partner and the recipient met (a deal is recorded by logging it)."""
    introduction = visible_introduction(request, pk)
    if request.POST.get("step") != Introduction.Status.MET:
        raise Invalid(
            "Only a meeting is recorded here: a deal is recorded by logging it from the "
            "introduction.",
            field="step",
        )
    services.mark_introduction_met(introduction=introduction, by=request.user)
    messages.success(request, "Recorded: you have met.")
    return redirect(introduction)
