"""The tracking book (sổ theo dõi hồ sơ) of any period, as .xlsx and as a Word file kept as a record."""

from __future__ import annotations

import datetime as dt
import itertools

from django.db.models import QuerySet
from django.utils import timezone

from documents.models import Department

from ..models import Outcome
from . import docx_rows, slips, xlsx_rows
from .integrity import create_record

HEADERS = ["STT", "Số biên nhận", "Người nộp", "Thủ tục", "Tiếp nhận", "Hẹn trả", "Có kết quả", "Trả", "Kết quả"]
KEYS = ["n", "receipt_number", "applicant", "procedure", "received", "due", "finished", "returned", "outcome"]
OUTCOMES = dict(Outcome.choices)
WIDTHS = [6, 20, 28, 40, 17, 11, 11, 11, 11]


def _day(value: dt.date | None) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


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
    zone = timezone.get_current_timezone()
    outcomes = {key: str(label) for key, label in OUTCOMES.items()}
    for n, (number, applicant, procedure, received, due, finished, returned, outcome) in enumerate(
        values.iterator(chunk_size=5000), start=1
    ):
        received = received.astimezone(zone)
        yield (
            n,
            number,
            applicant,
            procedure,
            f"{_day(received)} {received.hour:02d}:{received.minute:02d}",
            _day(due),
            _day(finished),
            _day(returned),
            outcomes.get(outcome, ""),
        )


def xlsx(dossiers: QuerySet, date_from: dt.date, date_to: dt.date) -> bytes:
    title = f"Sổ theo dõi hồ sơ từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y}"
    book = itertools.chain([[title], HEADERS], rows(dossiers, date_from, date_to))
    return xlsx_rows.workbook("So theo doi", book, bold_rows=2, widths=WIDTHS)


def docx(agency, book_rows: list[tuple], date_from: dt.date, date_to: dt.date) -> bytes:
    """The book as .docx from the agency's TTHC-07 template (its row repeated as text, see docx_rows)."""
    context = {
        "agency_name": agency.name,
        "agency_parent": agency.parent_name,
        "date_from": date_from.strftime("%d/%m/%Y"),
        "date_to": date_to.strftime("%d/%m/%Y"),
        "count": len(book_rows),
        "rows": [dict(zip(KEYS, docx_rows.markers(len(KEYS)), strict=True))],
    }
    filled = docx_rows.fill(slips.render(agency, "book", context), book_rows, len(KEYS))
    if filled is not None:
        return filled
    context["rows"] = [dict(zip(KEYS, row, strict=True)) for row in book_rows]
    return slips.render(agency, "book", context)


def docx_record(agency, dossiers: QuerySet, date_from: dt.date, date_to: dt.date, *, by=None):
    """The book as .docx, kept as a closed quality record."""
    book_rows = list(rows(dossiers.filter(agency=agency), date_from, date_to))
    data = docx(agency, book_rows, date_from, date_to)
    desk = Department.objects.filter(agency=agency).order_by("-is_one_stop", "pk").first()
    start, end = date_from.strftime("%d/%m/%Y"), date_to.strftime("%d/%m/%Y")
    record = create_record(
        agency=agency,
        department=desk,
        title=f"{slips.SLIPS['book'].name} {start}–{end}",
        content={"date_from": start, "date_to": end, "count": len(book_rows)},
        file_name=f"so-theo-doi-{date_from:%Y%m%d}-{date_to:%Y%m%d}.docx",
        file_bytes=data,
        record_type=slips.record_type_for(agency, "book"),
        by=by,
    )
    return data, record
