"""The deals list, a deal's page, and the pages that log, edit, move and decline a deal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from alliance.errors import DomainError
from alliance.ledger import record_consumption
from alliance.models import Operator
from alliance.paging import CappedPaginator
from alliance.params import parse_country, parse_id, parse_token
from alliance.permissions import acting_operator, can_contribute, member_required
from alliance.refusals import add_to_form
from deals.forms import DealEditForm, DealFilterForm, DealForm, DeclineForm, MoveForm
from deals.models import Deal, Stage
from deals.presenters import present, present_one
from deals.services import log_deal, move_deal, update_deal
from deals.views.common import visible_deal
from partners.models import Introduction, Partner

PAGE_SIZE = 25


@member_required
def deal_list(request: HttpRequest) -> HttpResponse:
    filters = DealFilterForm(request.GET or None, user=request.user)
    deals = filters.filter(Deal.objects.visible_to(request.user))
    page = CappedPaginator(deals.for_listing(), PAGE_SIZE, counted=deals).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "deals/deal_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "deals": present(page.object_list, request.user),
            "can_write": can_contribute(request.user),
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
    is_writer = deal.is_writable_by(request.user)
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


def _introduction_country(introduction: Introduction, operator: Operator) -> str:
    """The country a deal from `introduction` is most likely for: the first of its countries in
    the operator's footprint where the operator has no open deal with the partner yet (a second
    deal from one introduction is for another of its countries); "" if none is in the footprint."""
    footprint = {opco.country.code for opco in operator.opcos.all()}
    countries = [code for code in introduction.countries if code in footprint]
    taken = set(
        Deal.objects.open()
        .filter(operator=operator, partner_id=introduction.partner_id, country__in=countries)
        .values_list("country", flat=True)
    )
    untaken = [code for code in countries if code not in taken]
    return (untaken or countries or [""])[0]


def _prefilled(request: HttpRequest, operator: Operator) -> dict:
    """The deal form's initial values from the query string: `partner` (slug or id), `country`
    and `introduction` (an introduction the operator received: its partner and country)."""
    initial: dict = {"stage": Stage.EXPLORING}
    introduction_id = parse_id(request.GET.get("introduction"))
    if introduction_id is not None:
        introduction = (
            Introduction.objects.visible_to(request.user)
            .received_by(operator)
            .select_related("partner")
            .filter(pk=introduction_id)
            .first()
        )
        if introduction is not None:
            initial["introduction"] = introduction.pk
            initial["partner"] = introduction.partner
            initial["country"] = _introduction_country(introduction, operator)
    partner = request.GET.get("partner")
    partners = Partner.objects.visible_to(request.user)
    if parse_id(partner) is not None:
        initial["partner"] = partners.filter(pk=parse_id(partner)).first()
    elif parse_token(partner) is not None:  # a slug: the same characters as a token
        initial["partner"] = partners.filter(slug=partner).first()
    country = parse_country(request.GET.get("country"))
    if country is not None:
        initial["country"] = country
    return {key: value for key, value in initial.items() if value}


@member_required
def deal_create(request: HttpRequest) -> HttpResponse:
    operator = acting_operator(request.user)
    form = DealForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        operator=operator,
        initial=_prefilled(request, operator),
    )
    if request.method == "POST" and form.is_valid():
        try:
            deal = log_deal(by=request.user, values=form.values())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Deal logged: {deal.partner} in {deal.country.name}.")
            if Deal.objects.visible_to(request.user).rivals_of(deal).exists():
                messages.warning(
                    request,
                    "This deal conflicts with another member's open deal where one of the two is "
                    "exclusive — see the conflict below and resolve it with them.",
                )
            return redirect(deal)
    context = {"form": form, "operator": operator, "introduction": form.chosen_introduction()}
    return render(request, "deals/deal_form.html", context)


def _writable_deal(request: HttpRequest, pk: int) -> Deal:
    """The deal (visible, else 404) if the user may change it, else the refusal (NotAllowed)."""
    deal = visible_deal(request, pk)
    deal.check_writable_by(request.user)
    return deal


@member_required
def deal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _writable_deal(request, pk)
    form = DealEditForm(request.POST if request.method == "POST" else None, deal=deal)
    if request.method == "POST" and form.is_valid():
        try:
            update_deal(deal=Deal.objects.get(pk=deal.pk), by=request.user, values=form.values())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Deal saved.")
            return redirect(deal)
    return render(request, "deals/deal_edit.html", {"form": form, "deal": deal})


@require_POST
@member_required
def deal_move(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _writable_deal(request, pk)
    form = MoveForm(request.POST, deal=deal)
    if form.is_valid():
        try:
            move_deal(
                deal=deal,
                by=request.user,
                to_stage=form.cleaned_data["to_stage"],
                on=form.cleaned_data["on"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Deal moved to {deal.get_stage_display().lower()}.")
    else:
        messages.error(request, "Choose a stage this deal can move to.")
    return redirect(deal)


@member_required
def deal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _writable_deal(request, pk)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            move_deal(deal=deal, by=request.user, to_stage=Stage.DECLINED, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Deal declined. What you learned is worth a lesson.")
            return redirect(deal)
    return render(request, "deals/deal_decline.html", {"form": form, "deal": deal})
