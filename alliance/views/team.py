"""The team page of an operator: its people, their requests to join, its open invitations.

Only the operator's managers and the alliance's staff may use it (`Operator.objects.editable_by`);
to everyone else the page does not exist (404). Every button posts to the same page with an
`action`; each action validates with a form scoped to the operator, then calls a service.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from alliance import services
from alliance.forms.team import InvitationChoiceForm, InviteForm, MembershipChoiceForm, RoleForm
from alliance.models import Membership, Operator
from alliance.permissions import member_required

OPEN_INVITATIONS_SHOWN = 100


def _invite(request: HttpRequest, operator: Operator) -> InviteForm | None:
    form = InviteForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.invite_member(
                operator=operator,
                email=email,
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except services.MembershipError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Invitation sent to {email}.")
            return None
    return form


class _ActionRefused(Exception):
    """A button's input was not valid; the message says why."""


def _check(form) -> None:
    if not form.is_valid():
        raise _ActionRefused(" ".join(error for errors in form.errors.values() for error in errors))


def _change_role(request: HttpRequest, operator: Operator) -> str:
    form = RoleForm(request.POST, operator=operator)
    _check(form)
    membership, role = form.cleaned_data["membership"], form.cleaned_data["role"]
    services.change_role(membership=membership, role=role, by=request.user)
    return f"{membership.user} is now a {membership.get_role_display().lower()}."


def _approve(request: HttpRequest, operator: Operator) -> str:
    form = MembershipChoiceForm(request.POST, operator=operator)
    _check(form)
    membership = form.cleaned_data["membership"]
    services.approve_membership(membership=membership, by=request.user)
    return f"{membership.user} can now use the portal."


def _deactivate(request: HttpRequest, operator: Operator) -> str:
    form = MembershipChoiceForm(request.POST, operator=operator)
    _check(form)
    membership = form.cleaned_data["membership"]
    was_request = membership.status == Membership.Status.PENDING
    services.deactivate_membership(membership=membership, by=request.user)
    if was_request:
        return f"The request of {membership.user} was declined."
    return f"{membership.user} can no longer use the portal."


def _reactivate(request: HttpRequest, operator: Operator) -> str:
    form = MembershipChoiceForm(request.POST, operator=operator)
    _check(form)
    membership = form.cleaned_data["membership"]
    services.reactivate_membership(membership=membership, by=request.user)
    return f"{membership.user} can use the portal again."


def _revoke(request: HttpRequest, operator: Operator) -> str:
    form = InvitationChoiceForm(request.POST, operator=operator)
    _check(form)
    invitation = form.cleaned_data["invitation"]
    services.revoke_invitation(invitation=invitation, by=request.user)
    return f"The invitation of {invitation.email} was withdrawn; its link no longer works."


def _resend(request: HttpRequest, operator: Operator) -> str:
    """A fresh invitation replaces the old one, so the new link has its full validity."""
    form = InvitationChoiceForm(request.POST, operator=operator)
    _check(form)
    invitation = form.cleaned_data["invitation"]
    services.invite_member(
        operator=operator, email=invitation.email, role=invitation.role, invited_by=request.user
    )
    return f"A new invitation was sent to {invitation.email}; the earlier link no longer works."


# Each button's action: a function that returns the success message, or raises with the reason.
ACTIONS: dict[str, Callable[[HttpRequest, Operator], str]] = {
    "change_role": _change_role,
    "approve": _approve,
    "deactivate": _deactivate,
    "reactivate": _reactivate,
    "revoke": _revoke,
    "resend": _resend,
}


@member_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, slug: str) -> HttpResponse:
    operator = get_object_or_404(Operator.objects.editable_by(request.user), slug=slug)
    invite_form = InviteForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "invite":
            invite_form = _invite(request, operator)
            if invite_form is None:
                return redirect("alliance:team", slug=operator.slug)
            status = 400
        elif action in ACTIONS:
            try:
                messages.success(request, ACTIONS[action](request, operator))
            except (_ActionRefused, services.MembershipError) as error:
                messages.error(request, str(error))
                status = 400
            else:
                return redirect("alliance:team", slug=operator.slug)
        else:
            messages.error(request, "Unknown action.")
            status = 400
    return render(
        request, "alliance/team.html", _team_context(operator, invite_form), status=status
    )


def _team_context(operator: Operator, invite_form: InviteForm) -> dict:
    memberships = list(
        operator.memberships.select_related("user").order_by(
            "user__last_name", "user__first_name", "user__email"
        )
    )
    invitations = operator.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")[:OPEN_INVITATIONS_SHOWN]
    return {
        "operator": operator,
        "requests": [m for m in memberships if m.status == Membership.Status.PENDING],
        "people": [m for m in memberships if m.status != Membership.Status.PENDING],
        "invitations": invitations,
        "invite_form": invite_form,
        "roles": Membership.Role.choices,
    }
