"""Bloc pages: the list, a bloc's page (members, combined footprint, platforms, programmes, and the
actions the viewer may take), proposing a bloc, and the invite / accept / decline / leave /
dissolve actions. Who sees a bloc is `Bloc.objects.visible_to` (else 404); who may act is the
service's rule (a refusal the view does not handle is answered by the refusal middleware)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from alliance.blocs import services
from alliance.blocs.figures import figures_of, with_member_counts
from alliance.blocs.forms import DissolveForm, InviteForm, ProposeBlocForm
from alliance.errors import DomainError
from alliance.models import Bloc, BlocMembership
from alliance.permissions import member_required
from alliance.refusals import add_to_form


def _visible_bloc(request: HttpRequest, slug: str) -> Bloc:
    blocs = Bloc.objects.visible_to(request.user).select_related("proposed_by_operator")
    return get_object_or_404(blocs, slug=slug)


def _own_operator(request: HttpRequest):
    membership = request.user.active_membership
    return membership.operator if membership else None


@member_required
def bloc_list(request: HttpRequest) -> HttpResponse:
    blocs = with_member_counts(
        Bloc.objects.visible_to(request.user).select_related("proposed_by_operator")
    ).order_by(
        Case(
            When(status=Bloc.Status.ACTIVE, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "name",
    )
    operator = _own_operator(request)
    mine = {}
    if operator is not None:
        mine = dict(
            BlocMembership.objects.filter(operator=operator).values_list("bloc_id", "status")
        )
    rows = [(bloc, mine.get(bloc.pk)) for bloc in blocs]
    return render(
        request,
        "alliance/blocs/list.html",
        {"rows": rows, "may_propose": services.may_propose(request.user)},
    )


@member_required
def bloc_propose(request: HttpRequest) -> HttpResponse:
    services.check_may_propose(request.user)
    operator = _own_operator(request)
    form = ProposeBlocForm(request.POST or None, operator=operator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bloc = services.propose_bloc(
                by=request.user,
                name=data["name"],
                purpose=data["purpose"],
                focus_categories=data["focus_categories"],
                invite=list(data["invite"]),
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            invited = len(data["invite"])
            messages.success(
                request,
                f"{bloc.name} is proposed, with {operator.name} as its first member"
                + (
                    f"; {invited} operator{'s' if invited != 1 else ''} invited."
                    if invited
                    else "."
                ),
            )
            return redirect(bloc)
    return render(request, "alliance/blocs/propose.html", {"form": form, "operator": operator})


@member_required
def bloc_detail(request: HttpRequest, slug: str) -> HttpResponse:
    bloc = _visible_bloc(request, slug)
    operator = _own_operator(request)
    offered = services.offered_actions(bloc, request.user)
    memberships = list(
        bloc.memberships.select_related("operator", "invited_by").order_by("operator__name")
    )
    own = next((m for m in memberships if operator and m.operator_id == operator.pk), None)
    is_member = own is not None and own.status == BlocMembership.Status.ACTIVE
    return render(
        request,
        "alliance/blocs/detail.html",
        {
            "bloc": bloc,
            "figures": figures_of(bloc),
            "invited": [m for m in memberships if m.status == BlocMembership.Status.INVITED],
            # Who declined or left is the members' business (staff read it in the admin).
            "history": [
                m
                for m in memberships
                if is_member
                and m.status in (BlocMembership.Status.DECLINED, BlocMembership.Status.LEFT)
            ],
            "own_membership": own,
            "is_member": is_member,
            "offered": offered,
            "invite_form": InviteForm(bloc=bloc, operator=operator)
            if "invite" in offered
            else None,
            "dissolve_form": DissolveForm() if "dissolve" in offered else None,
        },
    )


@member_required
@require_POST
def bloc_invite(request: HttpRequest, slug: str) -> HttpResponse:
    bloc = _visible_bloc(request, slug)
    form = InviteForm(request.POST, bloc=bloc, operator=_own_operator(request))
    if not form.is_valid():
        messages.error(request, "Choose an operator to invite.")
        return redirect(bloc)
    invited = form.cleaned_data["operator"]
    services.invite_operator(bloc=bloc, operator=invited, by=request.user)
    messages.success(request, f"{invited.name} is invited: its managers have been mailed.")
    return redirect(bloc)


@member_required
@require_POST
def bloc_accept(request: HttpRequest, slug: str) -> HttpResponse:
    bloc = _visible_bloc(request, slug)
    membership = services.accept_invitation(bloc=bloc, by=request.user)
    messages.success(request, f"{membership.operator.name} is now a member of {bloc.name}.")
    return redirect(bloc)


@member_required
@require_POST
def bloc_decline(request: HttpRequest, slug: str) -> HttpResponse:
    bloc = _visible_bloc(request, slug)
    membership = services.decline_invitation(bloc=bloc, by=request.user)
    messages.success(request, f"{membership.operator.name} declined to join {bloc.name}.")
    return redirect(bloc)


@member_required
@require_POST
def bloc_leave(request: HttpRequest, slug: str) -> HttpResponse:
    bloc = _visible_bloc(request, slug)
    membership = services.leave_bloc(bloc=bloc, by=request.user)
    messages.success(
        request,
        f"{membership.operator.name} left {bloc.name}: what it shared with the bloc is no "
        "longer shared with the others.",
    )
    return redirect(bloc)


@member_required
def bloc_dissolve(request: HttpRequest, slug: str) -> HttpResponse:
    bloc = _visible_bloc(request, slug)
    services.check_may_dissolve(bloc, request.user)
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dissolve_bloc(bloc=bloc, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"{bloc.name} is dissolved.")
            return redirect(bloc)
    return render(request, "alliance/blocs/dissolve.html", {"bloc": bloc, "form": form})
