"""alliance.csvsafe: every CSV the portal writes neutralises cells a spreadsheet would run as a
formula (OWASP's CSV-injection guidance), and reads its own escaping back."""

from __future__ import annotations

import csv
import io

import pytest

from alliance import csvsafe


@pytest.mark.parametrize(
    "text", ["=1+2", "+1", "-1", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("x")']
)
def test_text_that_starts_a_formula_is_written_as_text(text):
    assert csvsafe.safe_cell(text) == "'" + text
    assert csvsafe.unescape(csvsafe.safe_cell(text)) == text


@pytest.mark.parametrize("value", ["Spotify", "2026-01-10", "", "a=b", "'quoted", 25, -3, None])
def test_other_cells_and_numbers_we_write_are_left_as_they_are(value):
    assert csvsafe.safe_cell(value) == value


def test_unescape_leaves_a_quote_that_guards_no_formula():
    assert csvsafe.unescape("'quoted") == "'quoted"


def test_the_writer_passes_every_cell_through_safe_cell():
    stream = io.StringIO()
    writer = csvsafe.writer(stream)
    writer.writerows([["id", "summary"], [7, "=cmd|' /C calc'!A0"]])
    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [
        ["id", "summary"],
        ["7", "'=cmd|' /C calc'!A0"],
    ]
