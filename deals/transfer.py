"""CSV export and import of deals.

Export writes what the viewer may see, field by field through the presenter, streaming rows.
Import is for the user's own operator: every row is validated with the model's own rules, a report
says what would be created or changed with the errors of each row, and nothing is written unless
the whole file is valid — then all of it is written in one transaction. Files are read as a stream
in batches, so a 50,000-row file never sits in memory as model instances at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from alliance.ledger import audit
from alliance.models import Contribution, Opco, Operator
from deals.models import Deal, DealType, DeclineReason, Stage, StageChange, Visibility
from deals.presenters import present
from partners.models import Partner

EXPORT_COLUMNS = [
    "id",
    "partner",
    "partner_name",
    "operator",
    "country",
    "opco",
    "stage",
    "deal_type",
    "visibility",
    "exclusive",
    "started_on",
    "signed_on",
    "launched_on",
    "ended_on",
    "summary",
    "confidential_notes",
    "decline_reason",
    "decline_explanation",
]
IMPORT_COLUMNS = [
    "partner",
    "country",
    "stage",
    "deal_type",
    "visibility",
    "exclusive",
    "started_on",
    "signed_on",
    "launched_on",
    "ended_on",
    "summary",
    "confidential_notes",
    "decline_reason",
    "decline_explanation",
]
REQUIRED_COLUMNS = {"partner", "country", "stage", "deal_type"}
UPDATABLE = [c for c in IMPORT_COLUMNS if c not in ("partner", "country")]
BATCH_SIZE = 1000
# The report lists at most this many errors and changes; the counts cover the whole file.
REPORT_LIMIT = 200
TRUE_WORDS, FALSE_WORDS = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


# --- export ---------------------------------------------------------------------------------------
class _Echo:
    def write(self, value: str) -> str:
        return value


def export_rows(deals: Iterable[Deal], user) -> Iterator[str]:
    """CSV lines (header first) of `deals`, a visible_to(user) queryset, as `user` may see them."""
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    batch: list[Deal] = []
    for deal in deals:
        batch.append(deal)
        if len(batch) == BATCH_SIZE:
            yield from _export_batch(batch, user, writer)
            batch = []
    yield from _export_batch(batch, user, writer)


def _export_batch(batch: list[Deal], user, writer) -> Iterator[str]:
    for view in present(batch, user):
        values = {
            "id": view.pk,
            "partner": view.partner.slug,
            "partner_name": view.partner.name,
            "operator": view.operator.slug,
            "country": view.country.code,
            "opco": view.opco.brand_name if view.opco else "",
            "exclusive": "" if view.exclusive is None else str(view.exclusive).lower(),
        }
        yield writer.writerow(
            [
                values[name] if name in values else (getattr(view, name) or "")
                for name in EXPORT_COLUMNS
            ]
        )


# --- import ---------------------------------------------------------------------------------------
@dataclass
class RowChange:
    line: int
    action: str  # "create" or "update"
    partner: str
    country: str
    fields: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    error_count: int = 0
    changes: list[RowChange] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0 and self.rows > 0

    def add_error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < REPORT_LIMIT:
            self.errors.append((line, message))


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


def _parse_date(value: str, column: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{column} “{value}” is not a date (YYYY-MM-DD).") from error


_ALLOWED = {
    "stage": frozenset(Stage.values),
    "deal_type": frozenset(DealType.values),
    "visibility": frozenset(Visibility.values),
    "decline_reason": frozenset(["", *DeclineReason.values]),
}


def _choice(value: str, column: str, default: str = "") -> str:
    value = value.lower() or default
    if value not in _ALLOWED[column]:
        allowed = ", ".join(sorted(v for v in _ALLOWED[column] if v))
        raise ValueError(f"{column} “{value}” is not one of: {allowed}.")
    return value


class Importer:
    """Validates (and then applies) a CSV file of deals for one operator."""

    def __init__(self, *, operator: Operator, user) -> None:
        self.operator = operator
        self.user = user
        self.partners = dict(Partner.objects.visible_to(user).values_list("slug", "pk"))
        self.opcos = {opco.country.code: opco for opco in Opco.objects.filter(operator=operator)}

    def _rows(self, stream: IO[bytes]) -> Iterator[list[tuple[int, dict[str, str]]]]:
        """Batches of (line number, row) read from the file as a stream."""
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text)
        try:
            header = {name.strip().lower() for name in reader.fieldnames or []}
        except UnicodeDecodeError as error:
            raise ImportFileError("The file is not UTF-8 text.") from error
        missing = REQUIRED_COLUMNS - header
        if missing:
            raise ImportFileError(f"The header lacks the column(s): {', '.join(sorted(missing))}.")
        batch: list[tuple[int, dict[str, str]]] = []
        try:
            for row in reader:
                clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                batch.append((reader.line_num, clean))
                if len(batch) == BATCH_SIZE:
                    yield batch
                    batch = []
        except (UnicodeDecodeError, csv.Error) as error:
            raise ImportFileError(f"The file cannot be read as CSV: {error}") from error
        finally:
            text.detach()
        if batch:
            yield batch

    def _values(self, row: dict[str, str]) -> dict[str, Any]:
        slug = row.get("partner", "")
        if slug not in self.partners:
            raise ValueError(f"No partner with the slug “{slug}”.")
        code = row.get("country", "").upper()
        if code not in countries:
            raise ValueError(f"“{code}” is not an ISO country code.")
        exclusive = row.get("exclusive", "").lower()
        if exclusive not in TRUE_WORDS | FALSE_WORDS:
            raise ValueError(f"exclusive “{exclusive}” should be true or false.")
        return {
            "partner_id": self.partners[slug],
            "country": code,
            "opco": self.opcos.get(code),
            "stage": _choice(row.get("stage", ""), "stage"),
            "deal_type": _choice(row.get("deal_type", ""), "deal_type"),
            "visibility": _choice(row.get("visibility", ""), "visibility", Visibility.ALLIANCE),
            "exclusive": exclusive in TRUE_WORDS,
            "started_on": _parse_date(row.get("started_on", ""), "started_on")
            or timezone.localdate(),
            "signed_on": _parse_date(row.get("signed_on", ""), "signed_on"),
            "launched_on": _parse_date(row.get("launched_on", ""), "launched_on"),
            "ended_on": _parse_date(row.get("ended_on", ""), "ended_on"),
            "summary": row.get("summary", "")[:2000],
            "confidential_notes": row.get("confidential_notes", "")[:5000],
            "decline_reason": _choice(row.get("decline_reason", ""), "decline_reason"),
            "decline_explanation": row.get("decline_explanation", "")[:2000],
        }

    def _plan(self, batch, seen: set[tuple[int, str]], report: ImportReport):
        """Validate a batch; returns [(line, deal, action, changed fields)] for its valid rows."""
        parsed = []
        for line, row in batch:
            try:
                parsed.append((line, self._values(row)))
            except ValueError as error:
                report.add_error(line, str(error))
        existing = {
            (deal.partner_id, deal.country.code): deal
            for deal in Deal.objects.open()
            .filter(
                operator=self.operator,
                partner_id__in={values["partner_id"] for _, values in parsed},
                country__in={values["country"] for _, values in parsed},
            )
            .select_related("opco")
        }
        plan = []
        for line, values in parsed:
            key = (values["partner_id"], values["country"])
            if key in seen:
                report.add_error(line, "The same partner and country appear twice in the file.")
                continue
            seen.add(key)
            deal = existing.get(key)
            if deal is None:
                deal = Deal(operator_id=self.operator.pk, created_by_id=self.user.pk, **values)
                action, changed = "create", list(UPDATABLE)
            else:
                if values["stage"] != deal.stage and not deal.can_move_to(values["stage"]):
                    report.add_error(
                        line,
                        f"The open deal is {deal.get_stage_display().lower()}: it cannot move "
                        f"to {values['stage']}.",
                    )
                    continue
                changed = [name for name in UPDATABLE if getattr(deal, name) != values[name]]
                deal.previous_stage = deal.stage
                for name in UPDATABLE:
                    setattr(deal, name, values[name])
                deal.opco = values["opco"]
                action = "update" if changed else "unchanged"
            try:
                deal.clean()
            except ValidationError as error:
                report.add_error(line, " ".join(error.messages))
                continue
            plan.append((line, deal, action, changed))
        return plan

    def validate(self, stream: IO[bytes]) -> ImportReport:
        """Check every row without writing anything."""
        report = ImportReport()
        seen: set[tuple[int, str]] = set()
        partner_slugs = {pk: slug for slug, pk in self.partners.items()}
        for batch in self._rows(stream):
            report.rows += len(batch)
            for line, deal, action, changed in self._plan(batch, seen, report):
                if action == "unchanged":
                    report.unchanged += 1
                    continue
                setattr(report, f"{action}d", getattr(report, f"{action}d") + 1)
                if len(report.changes) < REPORT_LIMIT:
                    report.changes.append(
                        RowChange(
                            line=line,
                            action=action,
                            partner=partner_slugs[deal.partner_id],
                            country=deal.country.code,
                            fields=changed if action == "update" else [],
                        )
                    )
        return report

    def apply(self, stream: IO[bytes]) -> ImportReport:
        """Write the whole file in one transaction, or nothing if any row is invalid."""
        report = ImportReport()
        seen: set[tuple[int, str]] = set()
        now = timezone.now()
        with transaction.atomic():
            for batch in self._rows(stream):
                report.rows += len(batch)
                plan = self._plan(batch, seen, report)
                if report.error_count:
                    transaction.set_rollback(True)
                    return report
                self._write(plan, report, now)
            if not report.rows:
                return report
            audit(
                actor=self.user,
                action="deal.imported",
                target=self.operator,
                operator=self.operator,
                changes={"created": report.created, "updated": report.updated},
            )
        return report

    def _write(self, plan, report: ImportReport, now) -> None:
        created = [deal for _, deal, action, _ in plan if action == "create"]
        updated = [deal for _, deal, action, _ in plan if action == "update"]
        for deal in created:
            deal.created_at = deal.stage_changed_at = now
        Deal.objects.bulk_create(created)
        moved = [deal for deal in updated if deal.previous_stage != deal.stage]
        for deal in moved:
            deal.stage_changed_at = now
        for deal in updated:
            deal.updated_at = now
        Deal.objects.bulk_update(updated, [*UPDATABLE, "opco", "stage_changed_at", "updated_at"])
        StageChange.objects.bulk_create(
            [
                StageChange(deal=d, from_stage="", to_stage=d.stage, changed_by=self.user)
                for d in created
            ]
            + [
                StageChange(
                    deal=d, from_stage=d.previous_stage, to_stage=d.stage, changed_by=self.user
                )
                for d in moved
            ]
        )
        # The ledger rows of a whole batch in one statement: the same records as
        # alliance.ledger.record_contribution() writes one by one, in the same transaction.
        deal_type = ContentType.objects.get_for_model(Deal)
        Contribution.objects.bulk_create(
            Contribution(
                operator=self.operator,
                user=self.user,
                kind=kind,
                content_type=deal_type,
                object_id=deal.pk,
                created_at=now,
            )
            for kind, deals in (
                (Contribution.Kind.DEAL_LOGGED, created),
                (Contribution.Kind.DEAL_ADVANCED, moved),
            )
            for deal in deals
        )
        report.created += len(created)
        report.updated += len(updated)
        report.unchanged += len(plan) - len(created) - len(updated)
