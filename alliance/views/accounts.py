"""Joining the portal by invitation, and the page where a member manages their API token.

An invitation link keeps its token in the session and sends the visitor to sign-up, where our
SignupForm (alliance/forms/accounts.py) accepts only the invited address — or an address of a
domain an operator registered. The adapter then gives the new user their membership.
"""

from __future__ import annotations

import re

from allauth.account.views import SignupView
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from alliance.models import Invitation
from alliance.permissions import member_required

INVITATION_SESSION_KEY = "alliance_invitation_token"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def invitation_in_session(request: HttpRequest) -> Invitation | None:
    """The invitation whose link this visitor followed, if it still exists."""
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    return Invitation.objects.select_related("operator", "invited_by").filter(token=token).first()


class InvitationSignupView(SignupView):
    """allauth's sign-up, told which invitation (if any) the visitor arrived with."""

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs["invitation"] = invitation_in_session(self.request)
        return kwargs

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["invitation"] = context["form"].invitation
        return context

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # The invitation is used up (or was not needed); a later sign-up in this browser is new.
        self.request.session.pop(INVITATION_SESSION_KEY, None)
        return response


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation mail: a usable invitation leads to sign-up with the invited
    address filled in; any other explains what happened and what to do (with a 4xx status)."""
    # Tokens are URL-safe base64 (see new_token); anything else, such as a NUL byte that
    # PostgreSQL would refuse in a query, cannot be one.
    invitation = (
        Invitation.objects.select_related("operator", "invited_by").filter(token=token).first()
        if TOKEN_PATTERN.fullmatch(token)
        else None
    )
    if invitation is None:
        return render(
            request, "alliance/invitation_unusable.html", {"state": "unknown"}, status=404
        )
    if request.user.is_authenticated:
        return render(
            request,
            "alliance/invitation_signed_in.html",
            {"invitation": invitation, "same_person": request.user.email == invitation.email},
            status=409,
        )
    if not invitation.is_usable:
        return render(
            request,
            "alliance/invitation_unusable.html",
            {
                "state": invitation.state,
                "invitation": invitation,
                "valid_days": settings.INVITATION_VALID_DAYS,
            },
            status=410,
        )
    request.session[INVITATION_SESSION_KEY] = invitation.token
    messages.info(
        request,
        f"Welcome! Choose a password to join {invitation.operator.name} on the Alliance portal.",
    )
    return redirect(reverse("account_signup"))


TOKEN_ACTIONS = {
    "create": "Your new API token is ready.",
    "regenerate": "Your API token was regenerated; the old one no longer works.",
    "revoke": "Your API token was revoked; it no longer works.",
}


@member_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """Create, regenerate or revoke the signed-in member's token for the REST API."""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in TOKEN_ACTIONS:
            with transaction.atomic():
                Token.objects.filter(user=request.user).delete()
                if action != "revoke":
                    Token.objects.create(user=request.user)
            messages.success(request, TOKEN_ACTIONS[action])
            return redirect("alliance:api_token")
        messages.error(request, "Unknown action: choose create, regenerate or revoke.")
        status = 400
    return render(
        request,
        "alliance/api_token.html",
        {
            "token": Token.objects.filter(user=request.user).first(),
            "api_example_url": request.build_absolute_uri("/api/v1/me/"),
        },
        status=status,
    )
