"""Domain errors on pages: the page-side twin of `alliance.api_errors`.

- A view that handles a form catches `DomainError` and calls `add_to_form`, so the page is shown
  again with the message beside the field it concerns and everything the person typed kept.
- Any other `DomainError` a view lets through is answered by `DomainErrorMiddleware` with one
  page (`templates/refused.html`) and the error's status code: 403, 409 or 400.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from alliance.errors import DomainError

TITLES = {
    "not_allowed": "You cannot do this",
    "conflict": "This cannot be done now",
    "invalid": "This cannot be done",
}


def add_to_form(form: forms.Form, error: DomainError) -> None:
    """Show `error` on `form`: beside its field when the form has that field, else at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def refusal_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(
        request,
        "refused.html",
        {"title": TITLES[error.code], "message": error.message, "back_url": back},
        status=error.status_code,
    )


class DomainErrorMiddleware:
    """Answers a `DomainError` that a view did not handle with the refusal page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return refusal_page(request, exception)
        return None
