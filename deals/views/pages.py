"""The deals list, a deal's page, and the pages that log, edit, move and decline a deal."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from alliance.ledger import record_consumption
from alliance.permissions import member_required
from deals.forms import DealEditForm, DealFilterForm, DealForm, DeclineForm, MoveForm
from deals.models import Deal, Stage
from deals.presenters import present, present_one
from deals.services import DealError, log_deal, move_deal, update_deal
from deals.views.common import NOT_OWNER_MESSAGE, read_only, visible_deal, writer_operator
from partners.models import Partner

PAGE_SIZE = 25


@member_required
def deal_list(request: HttpRequest) -> HttpResponse:
    filters = DealFilterForm(request.GET or None, user=request.user)
    deals = filters.filter(Deal.objects.visible_to(request.user)).for_listing()
    page = Paginator(deals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deals/deal_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "deals": present(page.object_list, request.user),
            "can_write": writer_operator(request) is not None,
        },
    )


@member_required
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = visible_deal(request, pk)
    view = present_one(deal, request.user)
    record_consumption(user=request.user, target=deal)
    history = list(deal.history.select_related("changed_by")) if view.shows("history") else []
    conflicts = present(
        Deal.objects.visible_to(request.user).rivals_of(deal).for_listing(), request.user
    )
    is_writer = view.is_owner and writer_operator(request) is not None
    return render(
        request,
        "deals/deal_detail.html",
        {
            "deal": view,
            "history": history,
            "stages": deal.time_in_stages(history) if history else [],
            "conflicts": conflicts,
            "is_writer": is_writer,
            "move_form": MoveForm(deal=deal) if is_writer and deal.next_stages else None,
            "decline_form": DeclineForm() if is_writer and deal.can_be_declined else None,
        },
    )


@member_required
def deal_create(request: HttpRequest) -> HttpResponse:
    operator = writer_operator(request)
    if operator is None:
        return read_only(request)
    initial = {"stage": Stage.EXPLORING}
    partner = Partner.objects.visible_to(request.user).filter(slug=request.GET.get("partner"))
    if request.GET.get("partner") and partner.exists():
        initial["partner"] = partner.get()
    for key in ("country", "introduction"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = DealForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        operator=operator,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            deal = log_deal(by=request.user, operator=operator, values=values)
        except DealError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Deal logged: {deal}.")
            if Deal.objects.visible_to(request.user).rivals_of(deal).exists():
                messages.warning(
                    request,
                    "This deal conflicts with another member's open deal where one of the two is "
                    "exclusive — see the conflict below and resolve it with them.",
                )
            return redirect(deal)
    return render(request, "deals/deal_form.html", {"form": form, "operator": operator})


def _owned_deal_or_refuse(request: HttpRequest, pk: int) -> tuple[Deal | None, HttpResponse | None]:
    """The deal (visible, owned by the user's operator) or the response refusing the change."""
    deal = visible_deal(request, pk)
    operator = writer_operator(request)
    if operator is None:
        return None, read_only(request)
    if deal.operator_id != operator.pk:
        return None, read_only(request, NOT_OWNER_MESSAGE)
    return deal, None


@member_required
def deal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deal, refusal = _owned_deal_or_refuse(request, pk)
    if refusal:
        return refusal
    form = DealEditForm(request.POST if request.method == "POST" else None, instance=deal)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            update_deal(deal=Deal.objects.get(pk=deal.pk), by=request.user, values=values)
        except DealError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Deal saved.")
            return redirect(deal)
    return render(request, "deals/deal_edit.html", {"form": form, "deal": deal})


@require_POST
@member_required
def deal_move(request: HttpRequest, pk: int) -> HttpResponse:
    deal, refusal = _owned_deal_or_refuse(request, pk)
    if refusal:
        return refusal
    form = MoveForm(request.POST, deal=deal)
    if form.is_valid():
        try:
            move_deal(
                deal=deal,
                by=request.user,
                to_stage=form.cleaned_data["to_stage"],
                on=form.cleaned_data["on"],
            )
        except DealError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Deal moved to {deal.get_stage_display().lower()}.")
    else:
        messages.error(request, "Choose a stage this deal can move to.")
    return redirect(deal)


@member_required
def deal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    deal, refusal = _owned_deal_or_refuse(request, pk)
    if refusal:
        return refusal
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            move_deal(deal=deal, by=request.user, to_stage=Stage.DECLINED, **form.cleaned_data)
        except DealError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Deal declined. What you learned is worth a lesson.")
            return redirect(deal)
    return render(request, "deals/deal_decline.html", {"form": form, "deal": deal})
