"""The one-stop forms as Word files, each stored as a closed quality record.

Templates are editable: an agency's own form template (documents.FormTemplate) with the code below
replaces the default in records/word_templates/. Placeholders: agency_name, agency_parent,
receipt_number, applicant_name, applicant_address, applicant_contact, procedure_name, tthc_code,
received_at, channel, statutory_days, due_on, new_due_on, secret, lookup_url, staff_name, reason,
today, outcome; the control slip loops over ``events`` (at, kind, from, to, by, note) and the
tracking book over ``rows``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import FormTemplate
from documents.word.errors import WordImportError
from documents.word.form_fill import fill_form_template

from ..models import Dossier, QualityRecord, RecordType
from .integrity import create_record

logger = logging.getLogger("qms.records.slips")
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "word_templates"


@dataclass(frozen=True)
class SlipKind:
    code: str
    name: str


SLIPS = {
    "receipt": SlipKind("TTHC-01", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")),
    "supplement": SlipKind("TTHC-02", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")),
    "refusal": SlipKind("TTHC-03", _("Phiếu từ chối tiếp nhận, giải quyết hồ sơ")),
    "apology": SlipKind("TTHC-04", _("Văn bản xin lỗi và hẹn lại ngày trả kết quả")),
    "stop": SlipKind("TTHC-05", _("Thông báo dừng giải quyết hồ sơ")),
    "control": SlipKind("TTHC-06", _("Phiếu kiểm soát quá trình giải quyết hồ sơ")),
    "book": SlipKind("TTHC-07", _("Sổ theo dõi hồ sơ")),
}
PRIVATE_KEYS = {"secret"}  # printed on the citizen's slip, never copied into the record's content


def render(agency, kind: str, context: dict) -> bytes:
    """Fill the agency's template for ``kind`` (or the default one) with ``context``."""
    custom = FormTemplate.objects.filter(agency=agency, code=SLIPS[kind].code).select_related("document").first()
    if custom is not None:
        try:
            return fill_form_template(custom, context)
        except WordImportError as exc:  # its file was swapped after it was checked: the slip must still be issued
            logger.warning("slips: form template %s of %s refused (%s); the default is used", custom.code, agency, exc)
    return fill_form_template(TEMPLATE_DIR / f"{kind}.docx", context)


def record_type_for(agency, kind: str) -> RecordType:
    slip = SLIPS[kind]
    record_type = RecordType.objects.filter(agency=agency, code=slip.code, procedure__isnull=True).first()
    return record_type or RecordType.objects.create(agency=agency, code=slip.code, name=str(slip.name))


def _d(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def dossier_context(dossier: Dossier, *, by=None, **extra) -> dict:
    agency = dossier.agency
    context = {
        "agency_name": agency.name,
        "agency_parent": agency.parent_name,
        "receipt_number": dossier.receipt_number,
        "applicant_name": dossier.applicant_name,
        "applicant_address": dossier.applicant_address,
        "applicant_contact": dossier.applicant_contact,
        "procedure_name": dossier.procedure.title,
        "tthc_code": dossier.procedure.tthc_code,
        "received_at": _d(dossier.received_at),
        "channel": str(dossier.get_channel_display()),
        "statutory_days": f"{dossier.statutory_days.normalize():f}",
        "due_on": _d(dossier.due_on),
        "new_due_on": _d(dossier.promised_on),
        "outcome": str(dossier.get_outcome_display()) if dossier.outcome else "",
        "staff_name": (by.get_full_name() or by.get_username()) if by is not None else "",
        "today": _d(timezone.localdate()),
        "reason": "",
    }
    context.update(extra)
    return context


def control_events(dossier: Dossier) -> list[dict]:
    events = dossier.events.select_related("by", "from_department", "to_department")
    return [
        {
            "at": _d(event.at),
            "kind": str(event.get_kind_display()),
            "from": event.from_department.name if event.from_department else "",
            "to": event.to_department.name if event.to_department else "",
            "by": (event.by.get_full_name() or event.by.get_username()) if event.by else "",
            "note": event.note,
        }
        for event in events
    ]


def issue_slip(dossier: Dossier, kind: str, *, by=None, department=None, **extra) -> QualityRecord:
    """Generate the slip as .docx and keep it as a closed quality record of the dossier."""
    context = dossier_context(dossier, by=by, **extra)
    if kind == "control":
        context["events"] = control_events(dossier)
    data = render(dossier.agency, kind, context)
    slip = SLIPS[kind]
    return create_record(
        agency=dossier.agency,
        department=department or dossier.receiving_department,
        title=f"{slip.name} – {dossier.receipt_number}",
        reference=dossier.receipt_number,
        content={k: v for k, v in context.items() if k not in PRIVATE_KEYS},
        file_name=f"{dossier.receipt_number}-{slip.code}.docx",
        file_bytes=data,
        record_type=record_type_for(dossier.agency, kind),
        dossier=dossier,
        by=by,
    )
