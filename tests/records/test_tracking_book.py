"""The tracking book's Word table: rows copied as text equal docxtpl's own loop, and odd templates still work."""

import datetime as dt
import io
import zipfile

from docx import Document as Docx
from lxml import etree

from records.services import docx_rows, slips, tracking_book

ROWS = [
    (1, "XA.260302.0001", "Nguyễn Văn A & <B>", "Khai sinh", "02/03/2026 09:00", "05/03/2026", "", "", ""),
    (2, "XA.260302.0002", "Trần\x0bThị C", "Kết hôn", "02/03/2026 10:00", "05/03/2026", "04/03/2026", "", "Trước hạn"),
]


def _document_xml(data: bytes) -> bytes:
    """The document part in canonical form (``<w:t/>`` and ``<w:t></w:t>`` are the same XML)."""
    return etree.tostring(etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")), method="c14n")


def _context(org, rows):
    return {"agency_name": org.agency.name, "date_from": "01/03/2026", "date_to": "31/03/2026", "rows": rows}


def test_copied_rows_equal_the_template_loop(org):
    keys = tracking_book.KEYS
    clean = [tuple(str(v).replace("\x0b", "") for v in row) for row in ROWS]
    slow = slips.render(org.agency, "book", _context(org, [dict(zip(keys, row, strict=True)) for row in clean]))
    marked = slips.render(org.agency, "book", _context(org, [dict(zip(keys, docx_rows.markers(9), strict=True))]))
    fast = docx_rows.fill(marked, ROWS, len(keys))
    assert _document_xml(fast) == _document_xml(slow)
    table = Docx(io.BytesIO(fast)).tables[0]
    assert [c.text for c in table.rows[1].cells][:3] == ["1", "XA.260302.0001", "Nguyễn Văn A & <B>"]
    assert len(table.rows) == 3


def test_a_template_without_the_marker_row_is_rendered_the_slow_way(org, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from documents.models import FormTemplate

    custom = Docx()
    custom.add_paragraph("SỔ RIÊNG {{ count }}")
    custom.add_paragraph("{% for r in rows %}{{ r.receipt_number|lower }}; {% endfor %}")
    buffer = io.BytesIO()
    custom.save(buffer)
    document = Document(title="Sổ riêng")
    document.file.save("so.docx", ContentFile(buffer.getvalue()))
    FormTemplate.objects.create(agency=org.agency, code="TTHC-07", name="Sổ", document=document)
    data = tracking_book.docx(org.agency, ROWS, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    text = "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)
    assert "SỔ RIÊNG 2" in text and "xa.260302.0001; xa.260302.0002;" in text


def test_marker_row_must_be_one_table_row():
    assert docx_rows._marker_row("<w:tr><w:tc>QMSROWCELL0X</w:tc></w:tr><w:tr>QMSROWCELL1X</w:tr>", 2) is None
    assert docx_rows._marker_row("<w:p>QMSROWCELL0X</w:p>", 1) is None
    xml = "<w:tbl><w:tr w:rsidR='1'><w:trPr/>QMSROWCELL0X</w:tr></w:tbl>"
    start, end = docx_rows._marker_row(xml, 1)
    assert xml[start:end] == "<w:tr w:rsidR='1'><w:trPr/>QMSROWCELL0X</w:tr>"


def test_xlsx_is_read_back_by_openpyxl():
    from openpyxl import load_workbook

    from records.services import xlsx_rows

    assert [xlsx_rows.column(n) for n in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
    data = xlsx_rows.workbook("Sổ <1>", [["Tiêu đề"], ["STT", "Tên"], *ROWS, [3, None, "x"]], bold_rows=2, widths=[6, 20])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Sổ <1>" and sheet.max_row == 5 and sheet.max_column == 9
    assert sheet["A1"].value == "Tiêu đề" and sheet["A1"].font.b and not sheet["A3"].font.b
    assert sheet["A3"].value == 1 and sheet["C3"].value == "Nguyễn Văn A & <B>" and sheet["C4"].value == "TrầnThị C"
    assert sheet["I4"].value == "Trước hạn" and sheet["B5"].value is None and sheet["C5"].value == "x"
