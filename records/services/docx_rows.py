"""Thousands of table rows in a Word file, fast: render the template once with one marker row, then copy
that row's WordprocessingML once per data row, as text.

Rendering a 10,000-row loop through docxtpl (Jinja over the XML, then python-docx) takes seconds; the
copy takes milliseconds and keeps everything the template's author gave the row (fonts, borders,
widths, extra cells). If the marker row cannot be found exactly (a template that changes the values
with a filter, or puts them outside one table row), ``fill`` returns None and the caller renders the
slow way.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

DOCUMENT = "word/document.xml"
MARK = "QMSROWCELL{}X"
_MARK = re.compile(r"QMSROWCELL(\d+)X")
_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ROW_START = re.compile(r"<w:tr[ >]")


def markers(count: int) -> list[str]:
    """The values to render in the template's row, one per column, in order."""
    return [MARK.format(n) for n in range(count)]


def _text(value) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _marker_row(xml: str, count: int) -> tuple[int, int] | None:
    """Where the one table row holding every marker starts and ends in ``xml``, if there is one."""
    found = [xml.count(mark) for mark in markers(count)]
    if found != [1] * count:
        return None
    first = xml.index(MARK.format(0))
    starts = [m.start() for m in _ROW_START.finditer(xml, 0, first)]
    if not starts:
        return None
    start, end = starts[-1], xml.find("</w:tr>", first)
    if end < 0:
        return None
    end += len("</w:tr>")
    row = xml[start:end]
    if _ROW_START.search(row, 1) or any(MARK.format(n) not in row for n in range(count)):
        return None  # a nested table, or the values spread over several rows
    return start, end


def fill(rendered: bytes, rows: Iterable[Sequence], count: int) -> bytes | None:
    """The rendered .docx with its marker row replaced by one row per item of ``rows``; None if it has none."""
    with zipfile.ZipFile(io.BytesIO(rendered)) as source:
        xml = source.read(DOCUMENT).decode("utf-8")
        where = _marker_row(xml, count)
        if where is None:
            return None
        start, end = where
        pieces = _MARK.split(xml[start:end])  # text, column, text, column, ..., text
        texts, columns = pieces[0::2], [int(n) for n in pieces[1::2]]
        out: list[str] = [xml[:start]]
        for row in rows:
            values = [_text(value) for value in row]
            out.append(texts[0])
            for column, text in zip(columns, texts[1:], strict=True):
                out.append(values[column])
                out.append(text)
        out.append(xml[end:])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
            for item in source.infolist():
                data = "".join(out).encode("utf-8") if item.filename == DOCUMENT else source.read(item)
                target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
