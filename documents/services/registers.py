"""The registers an ISO secretary keeps (clause 7.5.3), for an agency or one of its departments.

- internal document register (danh mục tài liệu nội bộ): procedures and other controlled documents;
- external document register (danh mục tài liệu bên ngoài): laws, decrees... kept as documents of type "external";
- records register (danh mục hồ sơ): the records to keep of every procedure in force.

Each is built once as a :class:`Register` (title, columns, rows) and written as .docx or .xlsx.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ..models import Agency, ControlledDocumentPage, Department, Edition, EditionState, ProcedurePage
from ..models.pages import DocumentType
from ..word.writer import CENTER, fill_row, new_document, paragraph, repeat_header_row, table, to_bytes

KINDS = ("internal", "external", "records")


@dataclass
class Register:
    title: str
    scope: str
    columns: list[tuple[str, float]]  # header, width in cm
    rows: list[list[str]] = field(default_factory=list)


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _filter(queryset: QuerySet, agency: Agency, department: Department | None, pages: QuerySet | None) -> QuerySet:
    queryset = queryset.filter(agency=agency).select_related("department")
    if department is not None:
        queryset = queryset.filter(department=department)
    if pages is not None:
        queryset = queryset.filter(pk__in=pages.values("pk"))
    return queryset.order_by("department__name", "series", "iso_code", "title")


def _status(page_ids) -> dict[int, tuple[str, Edition | None]]:
    editions = Edition.objects.filter(page_id__in=page_ids).order_by("page_id", "-number")
    out: dict[int, tuple[str, Edition | None]] = {}
    for edition in editions:
        if edition.page_id in out:
            continue
        out[edition.page_id] = (str(EditionState(edition.state).label), edition)
    return out


def _document_rows(documents, kind_label) -> list[list[str]]:
    documents = list(documents)
    status = _status([d.pk for d in documents])
    rows = []
    for i, doc in enumerate(documents, start=1):
        state, edition = status.get(doc.pk, (_("Dự thảo"), None))
        rows.append(
            [
                str(i),
                doc.iso_code,
                doc.display_name,
                kind_label(doc),
                doc.department.name if doc.department_id else "",
                f"{edition.number:02d}" if edition else f"{doc.edition:02d}",
                _date(doc.issued_on),
                _date(edition.effective_on if edition else doc.effective_on),
                state,
            ]
        )
    return rows


def build_register(kind: str, agency: Agency, department: Department | None = None, pages=None) -> Register:
    """The register of ``kind`` (internal, external, records); ``pages`` limits it to what a user may see."""
    scope = department.name + " – " + agency.name if department is not None else agency.name
    if kind == "internal":
        procedures = _filter(ProcedurePage.objects.all(), agency, department, pages)
        others = _filter(
            ControlledDocumentPage.objects.exclude(document_type=DocumentType.EXTERNAL), agency, department, pages
        )
        register = Register(_("DANH MỤC TÀI LIỆU NỘI BỘ"), scope, _internal_columns())
        register.rows = _document_rows(
            [*procedures, *others],
            lambda d: str(_("Quy trình")) if isinstance(d, ProcedurePage) else str(d.get_document_type_display()),
        )
        return register
    if kind == "external":
        externals = _filter(
            ControlledDocumentPage.objects.filter(document_type=DocumentType.EXTERNAL), agency, department, pages
        )
        register = Register(_("DANH MỤC TÀI LIỆU BÊN NGOÀI"), scope, _external_columns())
        for row, doc in zip(_document_rows(externals, lambda d: d.external_issuer), externals, strict=True):
            register.rows.append(
                [row[0], doc.external_number or doc.iso_code, row[2], row[3], row[6], row[7], row[4], row[8]]
            )
        return register
    if kind == "records":
        register = Register(_("DANH MỤC HỒ SƠ CẦN LƯU"), scope, _records_columns())
        for page in _filter(ProcedurePage.objects.live(), agency, department, pages):
            for block in page.records_to_keep.raw_data:
                value = block.get("value") or {}
                register.rows.append(
                    [
                        str(len(register.rows) + 1),
                        value.get("name", ""),
                        f"{page.iso_code} – {page.display_name}".strip(" –"),
                        value.get("keeper", ""),
                        value.get("retention", ""),
                        page.department.name if page.department_id else "",
                    ]
                )
        return register
    raise ValueError(f"unknown register {kind!r}; expected one of {KINDS}")


def _internal_columns():
    return [
        (_("STT"), 1.2), (_("Mã hiệu"), 3.2), (_("Tên tài liệu"), 8), (_("Loại"), 2.8), (_("Phòng ban chủ trì"), 3.5),
        (_("Lần ban hành"), 1.8), (_("Ngày ban hành"), 2.4), (_("Ngày hiệu lực"), 2.4), (_("Tình trạng"), 2.4),
    ]  # fmt: skip


def _external_columns():
    return [
        (_("STT"), 1.2), (_("Số, ký hiệu"), 3.5), (_("Tên văn bản"), 9), (_("Cơ quan ban hành"), 3.5),
        (_("Ngày ban hành"), 2.4), (_("Ngày hiệu lực"), 2.4), (_("Phòng ban quản lý"), 3), (_("Tình trạng"), 2.4),
    ]  # fmt: skip


def _records_columns():
    return [
        (_("STT"), 1.2), (_("Tên hồ sơ"), 7), (_("Thuộc quy trình"), 7.5), (_("Nơi lưu / người lưu"), 4.5),
        (_("Thời gian lưu"), 2.5), (_("Phòng ban"), 3.5),
    ]  # fmt: skip


def register_docx(register: Register) -> bytes:
    document = new_document(landscape=True, size=11)
    paragraph(document, register.scope.upper(), bold=True, align=CENTER)
    paragraph(document, register.title, bold=True, size=14, align=CENTER)
    paragraph(document, _("Ngày lập: %(date)s") % {"date": _date(timezone.localdate())}, italic=True, align=CENTER)
    grid = table(document, len(register.rows) + 1, len(register.columns), widths=[w for _, w in register.columns])
    fill_row(grid.rows[0], [str(h) for h, _ in register.columns], bold=True, align=CENTER)
    repeat_header_row(grid.rows[0])
    for row, values in zip(grid.rows[1:], register.rows, strict=True):
        fill_row(row, values)
    if not register.rows:
        paragraph(document, _("Chưa có tài liệu nào."), italic=True)
    return to_bytes(document)


def register_xlsx(register: Register) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = register.title[:31]
    width = len(register.columns)
    for r, text in ((1, register.scope.upper()), (2, register.title)):
        sheet.cell(row=r, column=1, value=text).font = Font(bold=True, size=13 if r == 2 else 11)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        sheet.cell(row=r, column=1).alignment = Alignment(horizontal="center")
    sheet.cell(row=3, column=1, value=_("Ngày lập: %(date)s") % {"date": _date(timezone.localdate())})
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_row = 5
    for c, (header, cm) in enumerate(register.columns, start=1):
        cell = sheet.cell(row=header_row, column=c, value=str(header))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[cell.column_letter].width = round(cm * 5.2, 1)
    for r, values in enumerate(register.rows, start=header_row + 1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if cell.data_type == "f":  # text starting with "=" stays text, never a formula
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = (
        f"A{header_row}:{sheet.cell(row=header_row, column=width).column_letter}{header_row + len(register.rows)}"
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
