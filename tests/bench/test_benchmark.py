"""`python -m alliance.benchmark` (what `make bench` runs) end to end at a tiny scale: gunicorn
as in production, sign-in, every page against the floor, the CSV export and a short load. It
proves the tool works; the figures themselves only mean something at full scale."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from alliance.benchmark.__main__ import main

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark needs PostgreSQL (CI runs it there)"
)


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_measures_every_page_against_the_floor_and_under_load():
    call_command("seed_scale", scale=0.001, stdout=StringIO())
    out = StringIO()

    tiny = "--rounds 1 --no-warmup --seconds 2 --clients 4 --people 2 --workers 1"

    report = main(tiny.split(), stdout=out)

    rows = [line for line in report.splitlines() if line.startswith("| ")]
    pages: dict[str, str] = {}
    for row in rows:  # the latency and export tables come first; the load table repeats names
        pages.setdefault(row.split(" | ")[0][2:], row)
    for name in ("floor (bare @login_required view)", "dashboard", "pipeline board",
                 "lessons list", "coverage matrix", "lesson detail", "deals list",
                 "partners directory", "members directory", "partner page", "API deals",
                 "API partners", "deals CSV, all visible"):  # fmt: skip
        assert name in pages, f"{name} missing from:\n{report}"
        assert pages[name].split(" | ")[-1].startswith("200") or "| 200 |" in pages[name]
    assert "× floor" in report
    assert "4 clients for " in report and ", 0 errors" in report
    assert out.getvalue().strip() == report.strip()


@pytest.mark.django_db
def test_explain_shows_each_pages_slowest_queries_with_their_plans():
    call_command("seed_scale", scale=0.001, stdout=StringIO())

    report = main(["--explain"], stdout=StringIO())

    assert "## dashboard — /dashboard/" in report
    assert "## API deals — /api/v1/deals/" in report
    assert "Execution Time:" in report
