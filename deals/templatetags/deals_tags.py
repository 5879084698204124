"""Template tags of the deals app: the dashboard panel and small display helpers."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from deals.coverage import Cell
from deals.figures import dashboard_deal_figures

register = template.Library()


@register.inclusion_tag("deals/_dashboard_panel_body.html", takes_context=True)
def deals_dashboard_panel(context) -> dict:
    """White space suggestions and the user's open deals and conflicts (deals.figures: cached)."""
    user = context["request"].user
    return {
        **dashboard_deal_figures(user),
        "has_membership": user.active_membership is not None,
        # An inclusion tag's template sees only what it is given: pass on the "may write" rule.
        "can_contribute": context.get("can_contribute", False),
    }


@register.filter
def coverage_cells(cells: list[Cell]) -> SafeString:
    """A row of the coverage matrix as `<td>`s, built here rather than by a template loop (30
    partners × 200 countries is 6,000 cells a page); an empty cell is a bare `<td></td>`."""
    html = []
    for cell in cells:
        if cell.stage:
            white = ' class="coverage-cell--white"' if cell.white_space else ""
            html.append(
                format_html(
                    '<td{}><span class="badge badge--{}">{}</span> '
                    '<span class="small">{}</span></td>',
                    white,
                    cell.stage.value,
                    cell.label,
                    ", ".join(operator.display_name for operator in cell.operators),
                )
            )
        elif cell.white_space:
            # The legend above the matrix explains the sign; hundreds of cells may carry it.
            html.append('<td class="coverage-cell--white" title="White space">◌</td>')
        else:
            html.append("<td></td>")
    return mark_safe("".join(html))


@register.filter
def days(value: timedelta | None) -> str:
    """A stage duration as people say it: "less than a day", "1 day", "12 days"."""
    if value is None:
        return ""
    count = value.days
    if count < 1:
        return "less than a day"
    return f"{count} day{'s' if count != 1 else ''}"
