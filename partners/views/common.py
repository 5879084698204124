"""What the partners pages share: running a service and turning its refusal into a response."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from partners.services import NotAllowed, PartnerActionError

PAGE_SIZE = 25


def not_allowed(request: HttpRequest, error: NotAllowed) -> HttpResponse:
    """A 403 page that says why (e.g. a suspended operator's members read but never write)."""
    return render(request, "partners/not_allowed.html", {"reason": str(error)}, status=403)


def run_action(
    request: HttpRequest, action: Callable[[], object], *, success: str, next_url: str
) -> HttpResponse:
    """Call a service; on success show `success` and go to `next_url`, on refusal say why."""
    try:
        action()
    except NotAllowed as error:
        return not_allowed(request, error)
    except PartnerActionError as error:
        messages.error(request, str(error))
        return redirect(next_url)
    messages.success(request, success)
    return redirect(next_url)


def paginate(request: HttpRequest, queryset) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
