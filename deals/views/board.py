"""The member's pipeline board and the country pages."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_countries.fields import Country

from alliance.models import Opco, Operator
from alliance.paging import CappedPaginator
from alliance.params import parse_country
from alliance.permissions import can_contribute, member_required
from deals.figures import conflicting_deal_ids
from deals.models import CLOSED_STAGES, OPEN_STAGES, Deal, Stage
from deals.presenters import Viewer, present

# Closed deals stay on the board for this long after they closed.
BOARD_CLOSED_DAYS = 90
# A column shows at most this many cards, the most recently moved; the rest are one click away in
# the filtered list (a column of fifty cards was read by nobody, and cost the board its speed).
BOARD_COLUMN_SIZE = 20
# The conflicts the board lists above the columns.
BOARD_CONFLICTS_SHOWN = 50
COUNTRY_PAGE_SIZE = 25


@member_required
def pipeline(request: HttpRequest) -> HttpResponse:
    """The user's operator's deals by stage (staff have no pipeline of their own)."""
    membership = request.user.active_membership
    if membership is None:
        raise Http404("Staff have no pipeline.")
    shown = Q(stage__in=OPEN_STAGES) | Q(
        stage__in=CLOSED_STAGES,
        stage_changed_at__gte=timezone.now() - timedelta(days=BOARD_CLOSED_DAYS),
    )
    viewer = Viewer.of(request.user)  # one for every column: its blocs are one query
    operators_deals = Deal.objects.filter(operator_id=membership.operator_id)
    on_board = operators_deals.filter(shown)
    # Counted in one pass over the operator's entries of deal_operator_board_idx, reading no row.
    counts = operators_deals.aggregate(
        **{stage: Count("stage", filter=Q(stage=stage) & shown) for stage in Stage}
    )
    columns = [
        {
            "stage": stage,
            "count": counts.get(stage, 0),
            "cards": present(
                on_board.filter(stage=stage)
                .for_listing()
                .order_by("-stage_changed_at")[:BOARD_COLUMN_SIZE],
                request.user,
                viewer=viewer,
            ),
        }
        for stage in Stage
    ]
    conflict_ids = conflicting_deal_ids(
        request.user, membership.operator_id, limit=BOARD_CONFLICTS_SHOWN
    )
    conflicts = Deal.objects.visible_to(request.user).filter(pk__in=conflict_ids)
    return render(
        request,
        "deals/pipeline.html",
        {
            "columns": columns,
            "conflicts": present(conflicts.for_listing(), request.user, viewer=viewer),
            "can_write": can_contribute(request.user),
            "closed_days": BOARD_CLOSED_DAYS,
            "column_size": BOARD_COLUMN_SIZE,
        },
    )


@member_required
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    code = parse_country(code)
    if code is None:
        raise Http404("No such country.")
    country = Country(code=code)
    visible = Deal.objects.visible_to(request.user).filter(country=code)
    by_stage = dict(visible.values_list("stage").annotate(n=Count("*")).order_by())
    paginator = CappedPaginator(visible.for_listing(), COUNTRY_PAGE_SIZE, counted=visible)
    page = paginator.get_page(request.GET.get("page"))
    opcos = (
        Opco.objects.filter(country=code, operator__in=Operator.objects.visible_to(request.user))
        .select_related("operator")
        .order_by("operator__name")
    )
    return render(
        request,
        "deals/country.html",
        {
            "country": country,
            "page_obj": page,
            "deals": present(page.object_list, request.user),
            "stage_counts": [(stage, by_stage.get(stage, 0)) for stage in Stage],
            "opcos": opcos,
        },
    )
