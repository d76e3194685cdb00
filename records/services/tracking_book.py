"""The tracking book (sổ theo dõi hồ sơ) of any period, as .xlsx and as a Word file kept as a record."""

from __future__ import annotations

import datetime as dt
import io

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from documents.models import Department

from ..models import Outcome
from . import slips
from .integrity import create_record

HEADERS = ["STT", "Số biên nhận", "Người nộp", "Thủ tục", "Tiếp nhận", "Hẹn trả", "Có kết quả", "Trả", "Kết quả"]
OUTCOMES = dict(Outcome.choices)


def rows(dossiers: QuerySet, date_from: dt.date, date_to: dt.date):
    """One tuple per dossier received in the period, in order of receipt."""
    values = (
        dossiers.filter(received_on__range=(date_from, date_to))
        .order_by("received_at", "pk")
        .values_list(
            "receipt_number",
            "applicant_name",
            "procedure__title",
            "received_at",
            "due_on",
            "finished_on",
            "returned_on",
            "outcome",
        )
    )
    for n, (number, applicant, procedure, received, due, finished, returned, outcome) in enumerate(
        values.iterator(chunk_size=5000), start=1
    ):
        yield (
            n,
            number,
            applicant,
            procedure,
            timezone.localtime(received).strftime("%d/%m/%Y %H:%M"),
            due.strftime("%d/%m/%Y"),
            finished.strftime("%d/%m/%Y") if finished else "",
            returned.strftime("%d/%m/%Y") if returned else "",
            str(OUTCOMES.get(outcome, "")),
        )


def xlsx(dossiers: QuerySet, date_from: dt.date, date_to: dt.date) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("So theo doi")
    sheet.append([f"Sổ theo dõi hồ sơ từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y}"])
    sheet.append(HEADERS)
    for row in rows(dossiers, date_from, date_to):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx_record(agency, dossiers: QuerySet, date_from: dt.date, date_to: dt.date, *, by=None):
    """The book as .docx from the agency's TTHC-07 template, kept as a closed quality record."""
    keys = ["n", "receipt_number", "applicant", "procedure", "received", "due", "finished", "returned", "outcome"]
    book_rows = [dict(zip(keys, row, strict=True)) for row in rows(dossiers.filter(agency=agency), date_from, date_to)]
    context = {
        "agency_name": agency.name,
        "agency_parent": agency.parent_name,
        "date_from": date_from.strftime("%d/%m/%Y"),
        "date_to": date_to.strftime("%d/%m/%Y"),
        "count": len(book_rows),
        "rows": book_rows,
    }
    data = slips.render(agency, "book", context)
    desk = Department.objects.filter(agency=agency).order_by("-is_one_stop", "pk").first()
    record = create_record(
        agency=agency,
        department=desk,
        title=f"{slips.SLIPS['book'].name} {context['date_from']}–{context['date_to']}",
        content={"date_from": context["date_from"], "date_to": context["date_to"], "count": len(book_rows)},
        file_name=f"so-theo-doi-{date_from:%Y%m%d}-{date_to:%Y%m%d}.docx",
        file_bytes=data,
        record_type=slips.record_type_for(agency, "book"),
        by=by,
    )
    return data, record
