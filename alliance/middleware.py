from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from alliance.permissions import staff_lacks_two_factor


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header: every asset comes from the portal itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class StaffTwoFactorMiddleware:
    """Keeps staff without two-factor authentication out of every page where their staff powers
    apply (admin, review, any operator's team...): they are sent to set up an authenticator
    first. Account pages stay open so they can; the API refuses them in its permission class."""

    open_prefixes = ("/accounts/", "/static/", "/media/", "/api/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.open_prefixes) and staff_lacks_two_factor(request.user):
            messages.warning(
                request,
                "Staff must turn on two-factor authentication before using the portal.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
