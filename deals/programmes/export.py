"""A programme's country grid as CSV: one row per country, what the viewer sees of it on the page
(`deals.programmes.access` and the deal presenter), every cell neutralised against spreadsheet
formulas (`alliance.csvsafe`)."""

from __future__ import annotations

import io
from collections.abc import Iterator

from alliance import csvsafe
from deals.programmes.grid import ProgrammeGrid

COLUMNS = [
    "country",
    "country_name",
    "participant",
    "invitation",
    "response_due_on",
    "deal_id",
    "deal_stage",
    "availability_target",
    "support_response_hours",
    "permanent_roaming_allowed",
    "platform",
    "escalation_name",
    "escalation_email",
    "escalation_phone",
    "last_report_month",
    "availability_achieved",
    "incidents",
    "mttr_hours",
    "breach",
]


def _line(row: list) -> str:
    buffer = io.StringIO()
    csvsafe.writer(buffer).writerow(row)
    return buffer.getvalue()


def export_rows(grid: ProgrammeGrid) -> Iterator[str]:
    yield _line(COLUMNS)
    view = grid.view
    for row in grid.rows:
        participation, report, deal = row.participation, row.last_report, row.deal
        if participation is None:
            yield _line([row.country.code, row.country.name, "", "unassigned"])
            continue
        yield _line(
            [
                row.country.code,
                row.country.name,
                participation.operator.slug,
                participation.state,
                participation.response_due_on.isoformat() if not participation.is_accepted else "",
                deal.pk if deal else "",
                deal.stage if deal else "",
                participation.availability_target,
                participation.support_response_hours,
                "yes" if participation.permanent_roaming_allowed else "no",
                participation.platform.name if participation.platform else "",
                view.shown(participation, "escalation_name"),
                view.shown(participation, "escalation_email"),
                view.shown(participation, "escalation_phone"),
                report.month.strftime("%Y-%m") if report else "",
                report.availability if report else "",
                report.incidents if report else "",
                report.mttr_hours if report else "",
                ("yes" if report.is_breach else "no") if report else "",
            ]
        )
