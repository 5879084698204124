"""CSV export and import of deals.

Export writes what the viewer may see, field by field through the presenter, streaming rows, with
every cell neutralised against spreadsheet formulas (`alliance.csvsafe`).

Import is for the user's own operator: every row is checked for its shape (the columns below,
whose choices read as their codes or as the labels the pages show, in any case), then by the same
rules as the deal form and the API (`deals.rules.DealRules`, loaded once for the whole file) and
the model's own rules. The report lists every error of every row and what would be created or
changed; nothing is written unless the whole file is valid — then all of it is written in one
transaction. Files are read as a stream in batches, so a 50,000-row file never sits in memory as
model instances at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from alliance import csvsafe, summaries
from alliance.errors import Invalid
from alliance.ledger import audit, contributions_topic
from alliance.models import Bloc, Contribution
from alliance.params import parse_country
from alliance.permissions import acting_operator
from deals.models import (
    OPEN_STAGES,
    Deal,
    DealType,
    DeclineReason,
    Stage,
    StageChange,
    Visibility,
)
from deals.presenters import Viewer, present
from deals.rules import DealRules, country_name
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
    "bloc",
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
BATCH_SIZE = 1000
# The report lists at most this many errors and changes; the counts cover the whole file.
REPORT_LIMIT = 200
TRUE_WORDS, FALSE_WORDS = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}
# csv's own limit on one cell (131,072 characters): a longer cell is that row's error.
CELL_LIMIT = csv.field_size_limit()


def _short(label: str) -> str:
    """A choice's label as a word ("Alliance — every member sees..." → "Alliance")."""
    return label.split(" — ")[0]


def _normal(text: str) -> str:
    """Case, spaces, hyphens and underscores do not matter: "White-label" = "white_label"."""
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


@dataclass(frozen=True)
class Column:
    """One column of the import file: the help text, the sample file and the parser use it."""

    name: str
    help: str
    example: str = ""
    required: bool = False
    choices: type[models.TextChoices] | None = None
    default: str = ""
    max_length: int | None = None

    @property
    def words(self) -> list[str]:
        return [_short(label) for label in self.choices.labels] if self.choices else []

    @property
    def lookup(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for value, label in self.choices.choices if self.choices else []:
            for word in (value, label, _short(label)):
                table[_normal(word)] = value
        return table


def _text_field_length(name: str) -> int:
    return Deal._meta.get_field(name).max_length


IMPORT_SPEC = [
    Column("partner", "the partner's slug, as in the address of its page", "spotify", True),
    Column("country", "ISO code of a country where your operator has an opco", "FR", True),
    Column("stage", "", "Negotiating", True, Stage),
    Column("deal_type", "", "Revenue share", True, DealType),
    Column("visibility", "", "Summary", choices=Visibility, default=Visibility.ALLIANCE),
    Column("bloc", "with bloc visibility: the slug of one of your operator's blocs", ""),
    Column("exclusive", "true or false (empty: false)", "false"),
    Column("started_on", "YYYY-MM-DD (empty: today)", "2026-01-10"),
    Column("signed_on", "YYYY-MM-DD", ""),
    Column("launched_on", "YYYY-MM-DD", ""),
    Column("ended_on", "YYYY-MM-DD", ""),
    Column(
        "summary",
        "what other members may read",
        "Bundled with our premium plans.",
        max_length=_text_field_length("summary"),
    ),
    Column(
        "confidential_notes",
        "only your operator sees these",
        "Revenue share 70/30.",
        max_length=_text_field_length("confidential_notes"),
    ),
    Column("decline_reason", "declined deals only", "", choices=DeclineReason),
    Column(
        "decline_explanation",
        "declined deals only",
        "",
        max_length=_text_field_length("decline_explanation"),
    ),
]
COLUMNS = {column.name: column for column in IMPORT_SPEC}
IMPORT_COLUMNS = [column.name for column in IMPORT_SPEC]
REQUIRED_COLUMNS = {column.name for column in IMPORT_SPEC if column.required}
UPDATABLE = [c for c in IMPORT_COLUMNS if c not in ("partner", "country")]
DATE_COLUMNS = ("started_on", "signed_on", "launched_on", "ended_on")
_LOOKUPS = {column.name: column.lookup for column in IMPORT_SPEC if column.choices}


def import_help() -> str:
    """The import form's help: every column, from the same definitions the import reads."""
    parts = []
    for column in IMPORT_SPEC:
        text = column.help or ", ".join(column.words)
        parts.append(f"{column.name}{' (required)' if column.required else ''}: {text}")
    return (
        "Columns — "
        + "; ".join(parts)
        + ". Choices may be written as on the pages (“Revenue share”) or as codes "
        "(“revenue_share”), in any case. Cells starting with =, +, -, @, a tab or a carriage "
        "return are exported with a leading apostrophe so that spreadsheets show them as text "
        "rather than run them as formulas; the import removes that apostrophe again."
    )


def _rows(lines: Iterable[list[Any]]) -> Iterator[str]:
    """CSV text, one line at a time, every cell through `alliance.csvsafe`."""
    writer = csvsafe.writer(_Echo())
    for line in lines:
        yield writer.writerow(line)


def sample_rows() -> Iterator[str]:
    """A sample import file: the header and one example row, from the column definitions."""
    return _rows([IMPORT_COLUMNS, [column.example for column in IMPORT_SPEC]])


# --- export ---------------------------------------------------------------------------------------
class _Echo:
    def write(self, value: str) -> str:
        return value


def export_rows(deals: models.QuerySet[Deal], user) -> Iterator[str]:
    """CSV lines (header first) of `deals`, a visible_to(user) queryset, as `user` may see them,
    read with a server-side cursor in primary key order (the index gives the rows at once, and
    nothing is sorted or held in memory)."""
    related = ["partner__slug", "partner__name", "operator__slug", "opco__brand_name", "bloc__slug"]
    own = [field.name for field in Deal._meta.concrete_fields]
    rows = deals.select_related("partner", "operator", "opco", "bloc").only(*own, *related)
    return _in_a_transaction(
        _rows(_export_lines(rows.order_by("pk").iterator(chunk_size=BATCH_SIZE), user))
    )


def _in_a_transaction(lines: Iterator[str]) -> Iterator[str]:
    """`lines`, read inside a transaction: there PostgreSQL streams a server-side cursor's rows,
    where in autocommit (WITH HOLD) it would first copy every row of the export aside."""
    with transaction.atomic():
        yield from lines


# The deal field whose visibility decides each column (a column not named here is a field).
COLUMN_FIELDS = {"partner_name": "partner"}


def _export_lines(deals: Iterable[Deal], user) -> Iterator[list[Any]]:
    yield EXPORT_COLUMNS
    viewer = Viewer.of(user)
    # The presenter's rule, asked once per kind of access rather than per cell of every row.
    shown_by_kind: dict[tuple, list[bool]] = {}
    for view in present(deals, user, viewer=viewer, lazily=True):
        kind = (view.access, view.sees_introduction)
        shown = shown_by_kind.get(kind)
        if shown is None:
            shown = [view.shows(COLUMN_FIELDS.get(column, column)) for column in EXPORT_COLUMNS]
            shown_by_kind[kind] = shown
        deal = view.deal
        yield [
            _cell(deal, column) if show else ""
            for column, show in zip(EXPORT_COLUMNS, shown, strict=True)
        ]


def _cell(deal: Deal, column: str) -> Any:
    """A shown column of `deal`, as the CSV has it."""
    match column:
        case "id":
            return deal.pk
        case "partner":
            return deal.partner.slug
        case "partner_name":
            return deal.partner.name
        case "operator":
            return deal.operator.slug
        case "country":
            return deal.country.code
        case "opco":
            return deal.opco.brand_name if deal.opco_id else ""
        case "bloc":
            return deal.bloc.slug if deal.bloc_id else ""
        case "exclusive":
            return str(deal.exclusive).lower()
    return getattr(deal, column) or ""


# --- import ---------------------------------------------------------------------------------------
@dataclass
class RowChange:
    line: int
    action: str  # "create" or "update"
    partner: str
    country: str
    fields: list[str] = field(default_factory=list)


def _count(number: int, word: str, plural: str = "") -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    error_count: int = 0
    rows_with_errors: int = 0
    changes: list[RowChange] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0 and self.rows > 0

    def add_errors(self, line: int, messages: list[str]) -> None:
        if not messages:
            return
        self.rows_with_errors += 1
        for message in messages:
            self.error_count += 1
            if len(self.errors) < REPORT_LIMIT:
                self.errors.append((line, message))

    def summary(self) -> str:
        """What an applied import did, in words: "Imported 1 row: 1 deal created, ..."."""
        return (
            f"Imported {_count(self.rows, 'row')}: {_count(self.created, 'deal')} created, "
            f"{self.updated} changed, {self.unchanged} unchanged."
        )


def _parse_date(value: str, column: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{column} “{value}” is not a date (YYYY-MM-DD).") from error


def _choice(value: str, column: Column) -> str:
    if not value and not column.required:
        return column.default
    choice = _LOOKUPS[column.name].get(_normal(value))
    if choice is None:
        allowed = ", ".join(column.words)
        if not value:
            raise ValueError(f"{column.name} is required: one of {allowed}.")
        raise ValueError(f"{column.name} “{value}” is not one of: {allowed}.")
    return choice


def _text(value: str, column: Column) -> str:
    if column.max_length and len(value) > column.max_length:
        raise ValueError(f"{column.name} is longer than {column.max_length:,} characters.")
    return value


def _exclusive(value: str, column: Column) -> bool:
    value = value.lower()
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ValueError(f"exclusive “{value}” should be true or false.")
    return value in TRUE_WORDS


@dataclass
class _Row:
    """One row of the file, parsed: its values and every error found so far."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    partner: Partner | None = None

    def parse(self, name: str, parser, raw: str, *args) -> None:
        try:
            self.values[name] = parser(raw, *args)
        except ValueError as error:
            self.errors.append(str(error))

    def has(self, *names: str) -> bool:
        return all(name in self.values for name in names)


class Importer:
    """Validates (and then applies) a CSV file of deals for the operator the user acts for."""

    def __init__(self, *, user) -> None:
        self.operator = acting_operator(user)
        self.user = user

    @cached_property
    def partners(self) -> dict[str, Partner]:
        """The partners the user sees, by slug: what a row's `partner` may name."""
        partners = Partner.objects.visible_to(self.user)
        fields = ("pk", "slug", "name", "status", "duplicate_of_id")
        return {partner.slug: partner for partner in partners.only(*fields)}

    @cached_property
    def blocs(self) -> dict[str, Bloc]:
        """The blocs the user sees, by slug: what a row's `bloc` may name (the rules then ask
        that the operator be an active member of it)."""
        return {bloc.slug: bloc for bloc in Bloc.objects.visible_to(self.user)}

    def _bloc(self, slug: str) -> Bloc | None:
        if not slug:
            return None
        if slug not in self.blocs:
            raise ValueError(f"No bloc with the slug “{slug}”.")
        return self.blocs[slug]

    # Reading ------------------------------------------------------------------------------------
    def _lines(self, stream: IO[bytes]) -> Iterator[tuple[int, list[str] | None, str]]:
        """(line, cells, "") for each record of the file, or (line, None, error) for a record
        csv cannot read (a cell over CELL_LIMIT characters); the header is checked first."""
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        try:
            try:
                header = [name.strip().lower() for name in next(reader, [])]
            except (UnicodeDecodeError, csv.Error) as error:
                raise Invalid("The file is not UTF-8 CSV text.", field="file") from error
            missing = REQUIRED_COLUMNS - set(header)
            if missing:
                raise Invalid(
                    f"The header lacks the column(s): {', '.join(sorted(missing))}.", field="file"
                )
            self.header = header
            while True:
                start = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as error:
                    raise Invalid(
                        f"The file is not UTF-8 text (line {start}).", field="file"
                    ) from error
                except csv.Error:
                    if reader.line_num < start:  # nothing was consumed: stop, do not loop
                        message = f"Line {start} cannot be read as CSV."
                        raise Invalid(message, field="file") from None
                    yield start, None, f"A cell is longer than {CELL_LIMIT:,} characters."
                    continue
                if cells:
                    yield start, cells, ""
        finally:
            text.detach()

    def _read(self, stream: IO[bytes]) -> Iterator[list[_Row]]:
        """Batches of parsed rows (shape checked; not yet the rules)."""
        batch: list[_Row] = []
        for line, cells, error in self._lines(stream):
            row = _Row(line)
            if cells is None:
                row.errors.append(error)
            else:
                self._parse(row, cells)
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                yield batch
                batch = []
        if batch:
            yield batch

    def _parse(self, row: _Row, cells: list[str]) -> None:
        if len(cells) > len(self.header):
            row.errors.append(
                f"The row has {len(cells)} cells but the header only {len(self.header)} columns."
            )
        if any("\x00" in cell for cell in cells):
            row.errors.append("The row holds a NUL character, which no text may contain.")
            return
        named = zip(self.header, cells, strict=False)  # extra cells: the error above
        raw = {name: csvsafe.unescape(cell.strip()) for name, cell in named}
        cell = {name: raw.get(name, "") for name in IMPORT_COLUMNS}
        slug = cell["partner"]
        row.partner = self.partners.get(slug)
        if row.partner is None:
            row.errors.append(f"No partner with the slug “{slug}”.")
        country = parse_country(cell["country"])
        if country is None:
            row.errors.append(f"“{cell['country'].upper()}” is not an ISO country code.")
        else:
            row.values["country"] = country
        for name in ("stage", "deal_type", "visibility", "decline_reason"):
            row.parse(name, _choice, cell[name], COLUMNS[name])
        row.parse("bloc", self._bloc, cell["bloc"])
        row.parse("exclusive", _exclusive, cell["exclusive"], COLUMNS["exclusive"])
        for name in DATE_COLUMNS:
            row.parse(name, _parse_date, cell[name], name)
        if row.has("started_on") and row.values["started_on"] is None:
            row.values["started_on"] = timezone.localdate()
        for name in ("summary", "confidential_notes", "decline_explanation"):
            row.parse(name, _text, cell[name], COLUMNS[name])

    # Checking -----------------------------------------------------------------------------------
    def _plan(self, batch: list[_Row], rules: DealRules, seen: set, report: ImportReport):
        """Check a batch against the rules; returns [(line, deal, action, changed fields)] for
        its valid rows and reports every error of the others."""
        keys = [(row.partner.pk, row.values["country"]) for row in batch if self._keyed(row)]
        existing = {
            (deal.partner_id, deal.country.code): deal
            for deal in Deal.objects.open()
            .filter(
                operator=self.operator,
                partner_id__in={partner_id for partner_id, _ in keys},
                country__in={country for _, country in keys},
            )
            .select_related("opco", "bloc")
        }
        plan = []
        for row in batch:
            deal, action, changed = self._check(row, rules, seen, existing)
            report.add_errors(row.line, row.errors)
            if not row.errors:
                plan.append((row.line, deal, action, changed))
        return plan

    @staticmethod
    def _keyed(row: _Row) -> bool:
        return row.partner is not None and "country" in row.values

    def _check(self, row: _Row, rules: DealRules, seen: set, existing: dict):
        if not self._keyed(row):
            return None, "", []
        partner, country = row.partner, row.values["country"]
        key = (partner.pk, country)
        deal = existing.get(key)
        if key in seen:
            problem = rules.open_deal_problem(partner, country)
            row.errors.append(
                problem.message
                if problem
                else f"{partner.name} in {country_name(country)} appears twice in the file."
            )
            return None, "", []
        seen.add(key)
        if deal is None:
            problems = rules.new_deal_problems(
                partner=partner,
                country=country,
                visibility=row.values.get("visibility", Visibility.ALLIANCE),
                bloc=row.values.get("bloc"),
            )
            row.errors.extend(problem.message for problem in problems)
        elif "visibility" in row.values and "bloc" in row.values:
            problem = rules.bloc_problem(
                row.values["visibility"], row.values["bloc"], before=(deal.visibility, deal.bloc_id)
            )
            row.errors.extend([problem.message] if problem else [])
        if row.values.get("stage", Stage.EXPLORING) in OPEN_STAGES:
            # A later row for the same partner and country would be a second open deal.
            rules.claim(partner_id=partner.pk, country=country)
        if row.errors:
            return None, "", []
        values = {**row.values, "opco": rules.opco_in(country)}
        if deal is None:
            deal = Deal(
                operator_id=self.operator.pk, created_by_id=self.user.pk, partner=partner, **values
            )
            action, changed = "create", list(UPDATABLE)
        else:
            if values["stage"] != deal.stage and not deal.can_move_to(values["stage"]):
                row.errors.append(
                    f"The open deal is {deal.get_stage_display().lower()}: it cannot move "
                    f"to {Stage(values['stage']).label.lower()}."
                )
                return None, "", []
            changed = [name for name in UPDATABLE if getattr(deal, name) != values[name]]
            deal.previous_stage = deal.stage
            for name in UPDATABLE:
                setattr(deal, name, values[name])
            deal.partner, deal.opco = partner, values["opco"]
            action = "update" if changed else "unchanged"
        try:
            deal.clean()
        except ValidationError as error:
            row.errors.extend(error.messages)
        return deal, action, changed

    def validate(self, stream: IO[bytes]) -> ImportReport:
        """Check every row without writing anything."""
        report = ImportReport()
        rules, seen = DealRules(self.operator), set()
        for batch in self._read(stream):
            report.rows += len(batch)
            for line, deal, action, changed in self._plan(batch, rules, seen, report):
                if action == "unchanged":
                    report.unchanged += 1
                    continue
                setattr(report, f"{action}d", getattr(report, f"{action}d") + 1)
                if len(report.changes) < REPORT_LIMIT:
                    report.changes.append(
                        RowChange(
                            line=line,
                            action=action,
                            partner=deal.partner.slug,
                            country=deal.country.code,
                            fields=changed if action == "update" else [],
                        )
                    )
        return report

    # Writing ------------------------------------------------------------------------------------
    def apply(self, stream: IO[bytes]) -> ImportReport:
        """Write the whole file in one transaction, or nothing if any row is invalid."""
        report = ImportReport()
        rules, seen = DealRules(self.operator), set()
        now = timezone.now()
        with transaction.atomic():
            for batch in self._read(stream):
                report.rows += len(batch)
                plan = self._plan(batch, rules, seen, report)
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
        summaries.changed("deals")
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
        summaries.changed(contributions_topic(self.operator.pk))
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
