"""A one-sheet .xlsx of many rows, streamed through openpyxl's write-only mode.

Write-only mode keeps no cell objects in memory: the 10,873-row tracking book of the load bench is
written in about 0.6 s (measured against 0.2 s for hand-written SpreadsheetML: not worth a file
format of our own to keep up).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

BOLD = Font(bold=True)


def column(n: int) -> str:
    """Spreadsheet column letters of the 0-based column ``n`` (0 → A, 26 → AA)."""
    return get_column_letter(n + 1)


def workbook(sheet: str, rows: Iterable[Sequence], *, bold_rows: int = 0, widths: Sequence[int] = ()) -> bytes:
    """The .xlsx bytes of one sheet named ``sheet``; the first ``bold_rows`` rows are bold; None and "" are empty cells."""
    book = Workbook(write_only=True)
    out = book.create_sheet(sheet[:31])
    for n, width in enumerate(widths):
        out.column_dimensions[column(n)].width = width
    for number, row in enumerate(rows, start=1):
        values = [_clean(value) for value in row]
        if number <= bold_rows:
            values = [_bold(out, value) for value in values]
        out.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _clean(value):
    """Empty text as an empty cell; control characters (which XML cannot hold) dropped from text."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BOLD
    return cell
