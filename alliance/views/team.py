"""The team page of an operator: its people, their requests to join, its open invitations.

Only the operator's managers and the alliance's staff may use it (`Operator.objects.editable_by`);
to everyone else the page does not exist (404). Every button posts to the same page with an
`action`; each action validates with a form scoped to the operator, then calls a service.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from alliance import services
from alliance.errors import DomainError
from alliance.forms.team import InvitationChoiceForm, InviteForm, MembershipChoiceForm, RoleForm
from alliance.models import Membership, Operator
from alliance.permissions import member_required
from alliance.refusals import add_to_form

OPEN_INVITATIONS_SHOWN = 100


def _invite(request: HttpRequest, operator: Operator) -> tuple[InviteForm, int | None]:
    """The invitation form and, unless the invitation was sent, the status to show it with."""
    form = InviteForm(request.POST)
    if not form.is_valid():
        return form, 400
    email = form.cleaned_data["email"]
    try:
        services.invite_member(
            operator=operator, email=email, role=form.cleaned_data["role"], invited_by=request.user
        )
    except DomainError as error:
        add_to_form(form, error)
        return form, error.status_code
    messages.success(request, f"Invitation sent to {email}.")
    return form, None


class _ActionRefused(Exception):
    """A button's input was not valid (not this team's person or invitation); says why."""


def _chosen(form_class: type[forms.Form], request: HttpRequest, operator: Operator) -> dict:
    """What a button names (a membership or invitation, if it is this operator's; a role)."""
    form = form_class(request.POST, operator=operator)
    if not form.is_valid():
        raise _ActionRefused(" ".join(error for errors in form.errors.values() for error in errors))
    return form.cleaned_data


def _change_role(request: HttpRequest, operator: Operator) -> str:
    data = _chosen(RoleForm, request, operator)
    membership = data["membership"]
    services.change_role(membership=membership, role=data["role"], by=request.user)
    return f"{membership.user} is now a {membership.get_role_display().lower()}."


def _person_action(service: Callable[..., None], done: Callable[[Membership], str]):
    """A button beside a person: the service to call, and what to say once it is done (worded
    before the change, which may turn a request into a declined one)."""

    def run(request: HttpRequest, operator: Operator) -> str:
        membership = _chosen(MembershipChoiceForm, request, operator)["membership"]
        message = done(membership)
        service(membership=membership, by=request.user)
        return message

    return run


def _revoke(request: HttpRequest, operator: Operator) -> str:
    invitation = _chosen(InvitationChoiceForm, request, operator)["invitation"]
    services.revoke_invitation(invitation=invitation, by=request.user)
    return f"The invitation of {invitation.email} was withdrawn; its link no longer works."


def _resend(request: HttpRequest, operator: Operator) -> str:
    """A fresh invitation replaces the old one, so the new link has its full validity."""
    invitation = _chosen(InvitationChoiceForm, request, operator)["invitation"]
    services.invite_member(
        operator=operator, email=invitation.email, role=invitation.role, invited_by=request.user
    )
    return f"A new invitation was sent to {invitation.email}; the earlier link no longer works."


def _deactivated(membership: Membership) -> str:
    if membership.status == Membership.Status.PENDING:
        return f"The request of {membership.user} was declined."
    return f"{membership.user} can no longer use the portal."


# Each button's action: a function that returns the success message. A button naming someone
# outside the team answers 400 here; a refusal of the service (yourself, already handled...)
# is answered by the refusal page (alliance.refusals) with its own status.
ACTIONS: dict[str, Callable[[HttpRequest, Operator], str]] = {
    "change_role": _change_role,
    "approve": _person_action(
        services.approve_membership, lambda m: f"{m.user} can now use the portal."
    ),
    "deactivate": _person_action(services.deactivate_membership, _deactivated),
    "reactivate": _person_action(
        services.reactivate_membership, lambda m: f"{m.user} can use the portal again."
    ),
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
            invite_form, status = _invite(request, operator)
            if status is None:
                return redirect("alliance:team", slug=operator.slug)
        elif action in ACTIONS:
            try:
                messages.success(request, ACTIONS[action](request, operator))
            except _ActionRefused as error:
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
    invitations = operator.invitations.open().select_related("invited_by")[:OPEN_INVITATIONS_SHOWN]
    return {
        "operator": operator,
        "requests": [m for m in memberships if m.status == Membership.Status.PENDING],
        "people": [m for m in memberships if m.status != Membership.Status.PENDING],
        "invitations": invitations,
        "invite_form": invite_form,
        "roles": Membership.Role.choices,
    }
