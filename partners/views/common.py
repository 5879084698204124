"""What the partners pages share: the one way a page fetches a partner or an introduction (through
`visible_to`, so what the user may not see is a 404), and pagination.

A service's refusal (`alliance.errors.DomainError`) is shown on the form that caused it
(`run_form`), or, raised from a view without a form, answered by the refusal page
(`alliance.refusals.DomainErrorMiddleware`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from alliance.errors import DomainError, NotAllowed
from alliance.paging import CappedPaginator
from alliance.params import parse_id
from alliance.permissions import acting_operator
from alliance.refusals import add_to_form
from partners.models import Introduction, Partner

PAGE_SIZE = 25


def writing_operator(request: HttpRequest):
    """The operator the user writes for (`acting_operator`), or None when they only read: the
    pages offer their buttons by it, the services decide."""
    try:
        return acting_operator(request.user)
    except NotAllowed:
        return None


def visible_partner(request: HttpRequest, slug: str, partners: QuerySet[Partner] | None = None):
    """The partner `slug` among those the user may see (of `partners`, a narrower or prefetching
    QuerySet of them, if given), or 404."""
    if partners is None:
        partners = Partner.objects.all()
    return get_object_or_404(partners.visible_to(request.user), slug=slug)


def visible_introduction(request: HttpRequest, pk: object) -> Introduction:
    """The introduction `pk` if the user's operator made or received it (or they are staff), with
    the deals it led to that the user may see (`visible_deals`)."""
    return get_object_or_404(
        Introduction.objects.visible_to(request.user)
        .for_listing()
        .with_deals_for(request.user)
        .select_related("answered_by")
        .prefetch_related("history__changed_by"),
        pk=parse_id(pk),
    )


def run_form(
    request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], object]
) -> int | None:
    """Call `action(form.cleaned_data)` when the form was posted and is valid. None once it is
    done (the caller redirects); else the status to show the form with: 200 not posted, 400
    invalid, or the service's refusal, then shown beside its field with everything typed kept."""
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        action(form.cleaned_data)
    except DomainError as error:
        add_to_form(form, error)
        return error.status_code
    return None


def paginate(request: HttpRequest, queryset) -> Page:
    return CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
