"""CSV the portal writes is opened in spreadsheets: no cell may run there as a formula.

OWASP's CSV-injection guidance: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)`,
`=cmd|...`). Such text cells are written with a single quote in front, which spreadsheets show as
text. Numbers the portal writes itself (ids) are passed as numbers and left as they are.

Every CSV the portal writes goes through `writer`; an import that reads the portal's own files back
undoes the quote with `unescape`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet shows it as text: text starting a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def unescape(value: str) -> str:
    """The cell `safe_cell` wrote, read back: its leading quote removed."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, stream: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: Any, **kwargs: Any) -> _SafeWriter:
    """`csv.writer(stream, **kwargs)` whose rows are passed through `safe_cell`."""
    return _SafeWriter(stream, **kwargs)
