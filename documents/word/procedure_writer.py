"""Write a procedure as a .docx in the layout of a real one, from the same structure the parser returns.

Page header (on every page): an optional stamp, then agency · "QUY TRÌNH" + title · Mã hiệu / Lần ban
hành / Ngày ban hành / Trang X/Y. Body: approval table, amendment log, sections 1–7 with the step table
(one or two time columns), the forms and the records to keep. ``parse_procedure`` reads the result
back to the same structure (see tests/documents/test_word_export.py).
"""

import datetime
import re

from .textutil import key
from .writer import (
    CENTER,
    fill_row,
    heading,
    new_document,
    page_x_of_y,
    paragraph,
    repeat_header_row,
    set_cell,
    stamp,
    table,
    to_bytes,
    usable_width,
)

ROLE_HEADERS = {"drafted": "Soạn thảo", "reviewed": "Xem xét", "approved": "Phê duyệt"}
TIME_HEADER = re.compile(r"thoi gian|thoi han|thoi luong|ngay")


def write_procedure(content: dict, stamp_lines: list[str] | None = None, kind: str = "QUY TRÌNH") -> bytes:
    """The .docx bytes of ``content`` (keys as returned by ``parse_procedure``)."""
    document = new_document()
    _page_header(document, content, stamp_lines or [], kind)
    _approvals(document, content.get("approvals") or [])
    _amendments(document, content.get("amendments") or [])
    _section(document, "1. MỤC ĐÍCH", _lines(content.get("purpose")))
    _section(document, "2. PHẠM VI", _lines(content.get("scope")))
    _section(document, "3. TÀI LIỆU VIỆN DẪN", [f"- {x}" for x in content.get("references") or []])
    _section(document, "4. ĐỊNH NGHĨA/VIẾT TẮT", [f"- {x}" for x in content.get("definitions") or []])
    if kind == "QUY TRÌNH":
        heading(document, "5. NỘI DUNG QUY TRÌNH")
        _dossier(document, content)
        _item(document, "b. Thời hạn giải quyết", _lines(content.get("time_limit")))
        _item(document, "c. Địa điểm thực hiện", _lines(content.get("place")))
        _item(document, "d. Phí, lệ phí", _lines(content.get("fees")))
        _item(document, "đ. Căn cứ pháp lý", [f"- {x}" for x in content.get("legal_bases") or []])
        _item(document, "e. Quy trình xử lý công việc", [])
        _steps(document, content.get("steps") or [], content.get("step_time_headers") or [])
        heading(document, "6. BIỂU MẪU")
        _forms(document, content.get("forms") or [])
        heading(document, "7. HỒ SƠ CẦN LƯU")
        _records(document, content.get("records") or [])
    else:
        _section(document, "5. NỘI DUNG", _lines(content.get("body")))
    return to_bytes(document)


def display_date(iso: str | None) -> str:
    try:
        return datetime.date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y") if iso else ""
    except ValueError:
        return str(iso)


def _lines(text) -> list[str]:
    return [line for line in str(text or "").split("\n") if line.strip()]


def _page_header(document, content, stamp_lines, kind):
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = ""
    if stamp_lines:
        stamp(header, stamp_lines, size=11)
    grid = table(header, 4, 3, width=usable_width(document), widths=(4.5, 8.5, 4))
    agency = grid.cell(0, 0).merge(grid.cell(3, 0))
    set_cell(agency, (content.get("agency") or "").upper(), bold=True, align=CENTER, size=11)
    set_cell(grid.cell(0, 1), kind, bold=True, align=CENTER)
    title = grid.cell(1, 1).merge(grid.cell(3, 1))
    set_cell(title, content.get("title") or "", bold=True, align=CENTER)
    set_cell(grid.cell(0, 2), f"Mã hiệu: {content.get('code') or ''}", size=10)
    set_cell(grid.cell(1, 2), f"Lần ban hành: {content.get('edition') or ''}", size=10)
    set_cell(grid.cell(2, 2), f"Ngày ban hành: {display_date(content.get('issued'))}", size=10)
    page_x_of_y(grid.cell(3, 2).paragraphs[0], size=10)
    paragraph(header)


def _approvals(document, approvals):
    columns = approvals or [{"role": role, "name": "", "title": ""} for role in ROLE_HEADERS]
    grid = table(document, 4, len(columns) + 1)
    fill_row(grid.rows[0], ["Trách nhiệm", *(ROLE_HEADERS.get(a["role"], a["role"]) for a in columns)], bold=True)
    fill_row(grid.rows[1], ["Họ tên", *(a.get("name", "") for a in columns)])
    fill_row(grid.rows[2], ["Chữ ký", *("" for _ in columns)])
    fill_row(grid.rows[3], ["Chức vụ", *(a.get("title", "") for a in columns)])
    paragraph(document)


def _amendments(document, amendments):
    heading(document, "THEO DÕI SỬA ĐỔI TÀI LIỆU")
    headers = ["STT", "Lần sửa đổi", "Tóm tắt nội dung sửa đổi", "Căn cứ sửa đổi", "Ngày sửa đổi"]
    grid = table(document, 1 + max(len(amendments), 1), len(headers), widths=(1.2, 2, 6.5, 5, 2.3))
    fill_row(grid.rows[0], headers, bold=True)
    repeat_header_row(grid.rows[0])
    for i, entry in enumerate(amendments, start=1):
        values = [str(i), entry.get("number", ""), entry.get("summary", ""), entry.get("legal_basis", "")]
        fill_row(grid.rows[i], [*values, entry.get("date", "")])


def _section(document, title, lines):
    heading(document, title)
    for line in lines:
        paragraph(document, line)


def _item(document, label, lines):
    """ "b. Label: first line" then the other lines, the way real procedures write section 5's items."""
    inline = bool(lines) and not lines[0].lstrip().startswith(("-", ":", "."))
    paragraph(document, f"{label}: {lines[0]}" if inline else f"{label}:")
    for line in lines[inline:]:
        paragraph(document, line)


def _dossier(document, content):
    paragraph(document, "a. Thành phần hồ sơ:")
    pending = []
    for component in [*(content.get("dossier_components") or []), None]:
        is_row = isinstance(component, dict) and component.get("copies")
        if pending and not is_row:
            grid = table(document, len(pending) + 1, 3, widths=(1.2, 11, 4.8))
            fill_row(grid.rows[0], ["TT", "Tên giấy tờ", "Số lượng"], bold=True)
            for i, row in enumerate(pending, start=1):
                fill_row(grid.rows[i], [str(i), row["name"], row["copies"]])
            pending = []
        if is_row:
            pending.append(component)
        elif component is not None:
            name = component.get("name", "") if isinstance(component, dict) else component
            paragraph(document, f"- {name}")
    if content.get("dossier_quantity"):
        paragraph(document, f"Số lượng hồ sơ: {content['dossier_quantity']}")


def _time_headers(steps, headers):
    two = len(headers) > 1 or any(s.get("time_alt") for s in steps)
    wanted = [headers[0] if headers else "", headers[1] if len(headers) > 1 else ""][: 2 if two else 1]
    defaults = ["Thời gian", "Thời gian (cột 2)"]
    return [h if TIME_HEADER.search(key(h)) else f"{defaults[i]} {h}".strip() for i, h in enumerate(wanted)]


def _steps(document, steps, headers):
    if not steps:
        paragraph(document, "Không có.")
        return
    times = _time_headers(steps, headers)
    widths = (1.3, 8, 4, 2.7) if len(times) == 1 else (1.3, 7, 3.7, 2, 2)
    grid = table(document, len(steps) + 1, 3 + len(times), widths=widths)
    fill_row(grid.rows[0], ["TT", "Trình tự các bước thực hiện", "Trách nhiệm", *times], bold=True, align=CENTER)
    repeat_header_row(grid.rows[0])
    for i, step in enumerate(steps, start=1):
        values = [step.get("order") or f"B{i}", step.get("step", ""), step.get("responsible", ""), step.get("time", "")]
        fill_row(grid.rows[i], values + ([step.get("time_alt", "")] if len(times) > 1 else []))


def _forms(document, forms):
    if not forms:
        paragraph(document, "Không có.")
        return
    grid = table(document, len(forms) + 1, 3, widths=(1.2, 11.5, 4.3))
    fill_row(grid.rows[0], ["TT", "Tên biểu mẫu", "Mã biểu mẫu"], bold=True, align=CENTER)
    for i, form in enumerate(forms, start=1):
        fill_row(grid.rows[i], [str(i), form.get("name", ""), form.get("code", "")])


def _records(document, records):
    if not records:
        paragraph(document, "Không có.")
        return
    grid = table(document, len(records) + 1, 4, widths=(1.2, 7.5, 5, 3.3))
    fill_row(grid.rows[0], ["TT", "Tên hồ sơ", "Nơi lưu/người lưu", "Thời gian lưu"], bold=True, align=CENTER)
    repeat_header_row(grid.rows[0])
    for i, record in enumerate(records, start=1):
        fill_row(
            grid.rows[i], [f"{i:02d}", record.get("name", ""), record.get("keeper", ""), record.get("retention", "")]
        )
