"""Programme pages: the list, starting one, its page (the country grid), editing, closing, inviting
an operator for a country, and the CSV export. A programme the user may not see is a 404, as one
that does not exist (`Programme.objects.visible_to`); what a viewer sees of it is
`deals.programmes.access`; every write is a service's (`deals.programmes.services`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance.finder import find_coverage
from alliance.paging import CappedPaginator
from alliance.params import parse_country, parse_id
from alliance.permissions import acting_operator, can_contribute, member_required
from deals.programmes import services
from deals.programmes.export import export_rows
from deals.programmes.forms import InviteForm, ProgrammeForm
from deals.programmes.grid import for_listing, programme_grid
from deals.programmes.models import Programme
from deals.rules import country_name
from partners.views.common import run_form, writing_operator

PAGE_SIZE = 25


def visible_programme(request: HttpRequest, pk: object) -> Programme:
    """A programme the user may see, or 404 (whether it exists is not told)."""
    return get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("lead", "partner", "bloc"),
        pk=parse_id(pk),
    )


@member_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = for_listing(Programme.objects.visible_to(request.user)).order_by(
        "status", "-created_at", "-pk"
    )
    page = CappedPaginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deals/programmes/list.html",
        {"page_obj": page, "can_write": can_contribute(request.user)},
    )


@member_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    operator = acting_operator(request.user)
    initial = {}
    country_list = [parse_country(c) for c in request.GET.getlist("country")]
    if any(country_list):
        initial["countries"] = [c for c in country_list if c]
    form = ProgrammeForm(request.POST or None, user=request.user, initial=initial)
    created: list[Programme] = []
    status = run_form(
        request,
        form,
        lambda data: created.append(services.start_programme(by=request.user, **data)),
    )
    if status is None:
        messages.success(request, "Programme started. Invite one operator per country.")
        return redirect(created[0])
    context = {"form": form, "operator": operator}
    return render(request, "deals/programmes/form.html", context, status=status)


@member_required
@require_GET
def programme_detail(request: HttpRequest, pk: str) -> HttpResponse:
    programme = visible_programme(request, pk)
    grid = programme_grid(programme, request.user)
    operator = writing_operator(request)
    mine = [
        row.participation
        for row in grid.rows
        if row.participation is not None and operator is not None
        if row.participation.operator_id == operator.pk
    ]
    return render(
        request,
        "deals/programmes/detail.html",
        {
            "programme": programme,
            "grid": grid,
            "manages": programme.is_managed_by(operator),
            "to_answer": [p for p in mine if p.can_be_answered_by(operator)],
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: str) -> HttpResponse:
    programme = visible_programme(request, pk)
    programme.check_managed_by(acting_operator(request.user))
    form = ProgrammeForm(request.POST or None, user=request.user, programme=programme)
    status = run_form(
        request,
        form,
        lambda data: services.update_programme(programme=programme, by=request.user, values=data),
    )
    if status is None:
        messages.success(request, "Programme saved.")
        return redirect(programme)
    context = {"form": form, "programme": programme}
    return render(request, "deals/programmes/form.html", context, status=status)


@member_required
@require_POST
def programme_close(request: HttpRequest, pk: str) -> HttpResponse:
    programme = visible_programme(request, pk)
    services.close_programme(programme=programme, by=request.user)
    messages.success(request, "Programme closed: nothing in it changes any more.")
    return redirect(programme)


@member_required
@require_http_methods(["GET", "POST"])
def programme_invite(request: HttpRequest, pk: str) -> HttpResponse:
    """Invite one operator for one unassigned country. The country comes from the grid's link
    (`?country=`); the operators offered are those the coverage finder finds there, with the
    one it proposes for the whole programme first."""
    programme = visible_programme(request, pk)
    programme.check_managed_by(acting_operator(request.user))
    grid = programme_grid(programme, request.user)
    unassigned = grid.unassigned
    chosen = parse_country(request.POST.get("country") or request.GET.get("country"))
    if chosen is None and unassigned:
        chosen = unassigned[0].code
    coverage = find_coverage(
        countries=[c.code for c in unassigned] or programme.countries, platform=None, service=None
    )
    row = next((r for r in coverage.rows if r.country.code == chosen), None)
    offers = [offer.operator for offer in row.offers] if row else []
    form = InviteForm(
        request.POST or None,
        unassigned=unassigned,
        offers=offers,
        initial={"country": chosen, "operator": row.proposed.pk if row and row.proposed else None},
    )
    status = run_form(
        request,
        form,
        lambda data: services.invite_participant(programme=programme, by=request.user, **data),
    )
    if status is None:
        operator = form.cleaned_data["operator"]
        messages.success(
            request,
            f"{operator.name} is invited to serve {country_name(form.cleaned_data['country'])}; "
            "its managers are told."
            if operator.pk != programme.lead_id
            else "Your operator takes part for that country.",
        )
        return redirect(programme)
    return render(
        request,
        "deals/programmes/invite.html",
        {
            "programme": programme,
            "form": form,
            "row": row,
            "coverage": coverage,
            "unassigned": unassigned,
        },
        status=status,
    )


@member_required
@require_GET
def programme_export(request: HttpRequest, pk: str) -> StreamingHttpResponse:
    programme = visible_programme(request, pk)
    response = StreamingHttpResponse(
        export_rows(programme_grid(programme, request.user)), content_type="text/csv"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}-{stamp}.csv"'
    return response
