"""Export controlled documents to Word: reading copies, controlled copies and obsolete editions.

Every download is stamped: "Bản không kiểm soát khi in" when read, "BẢN KIỂM SOÁT" with the copy
number and recipient when issued as a controlled copy (recorded as a ControlledCopy and in the
document's audit log), "HẾT HIỆU LỰC" for a superseded or withdrawn edition. Who may download what
is decided by ``documents.permissions`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import ControlledCopy, ControlledDocumentPage, Edition, ProcedurePage
from ..models.identification import IdentifiedDocument
from ..permissions import can_view, can_view_obsolete_editions
from ..text import vietnamese_slug
from ..word.procedure_writer import ROLE_HEADERS, write_procedure
from .editions import EditionRefused
from .word_import import RAW_KEY

UNCONTROLLED = "Bản không kiểm soát khi in"
CONTROLLED = "BẢN KIỂM SOÁT"
OBSOLETE = "HẾT HIỆU LỰC"


@dataclass
class Export:
    data: bytes
    filename: str
    content_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _blocks(value) -> list[dict]:
    """The plain dicts of a StreamField value (live or from a frozen revision)."""
    raw = getattr(value, "raw_data", None) or []
    return [dict(block.get("value") or {}) for block in raw]


def document_content(document: IdentifiedDocument, edition: Edition | None = None) -> dict:
    """The structure ``parse_procedure`` returns, read from a page (live, or frozen in ``edition``)."""
    number = edition.number if edition is not None else document.edition
    issued = document.issued_on or (edition.effective_on if edition is not None else document.effective_on)
    content = {
        "code": document.iso_code,
        "series": document.series,
        "title": document.display_name,
        "edition": f"{number or 1:02d}",
        "issued": issued.isoformat() if issued else None,
        "agency": document.agency.name if document.agency_id else "",
        "approvals": _approvals(document, edition),
        "amendments": _amendments(document, edition),
    }
    if isinstance(document, ProcedurePage):
        content.update(_procedure_sections(document))
    else:
        content["body"] = "\n".join(filter(None, [document.summary, strip_tags(document.body or "")]))
    return content


def _procedure_sections(page: ProcedurePage) -> dict:
    raw = (page.tthc_raw or {}).get(RAW_KEY, {})
    components = []
    for block in _blocks(page.dossier_components):
        name = block.get("name", "")
        components.append({"name": name, "copies": block["copies"]} if block.get("copies") else name)
    return {
        "purpose": page.purpose,
        "scope": page.scope,
        "references": [line for line in page.references.splitlines() if line.strip()],
        "definitions": [line for line in page.definitions.splitlines() if line.strip()],
        "dossier_components": components,
        "dossier_quantity": raw.get("dossier_quantity", ""),
        "time_limit": page.time_limit,
        "place": page.place,
        "fees": page.fees,
        "legal_bases": [" ".join(filter(None, [b.get("title", "")])) for b in _blocks(page.legal_bases)],
        "steps": [
            {k: b.get(k, "") for k in ("order", "step", "responsible", "time", "time_alt")} for b in _blocks(page.steps)
        ],
        "step_time_headers": [h for h in (page.step_time_label, page.step_time_alt_label) if h],
        "forms": [{"code": b.get("code", ""), "name": b.get("name", "")} for b in _blocks(page.forms)],
        "records": [{k: b.get(k, "") for k in ("name", "keeper", "retention")} for b in _blocks(page.records_to_keep)],
    }


def _approvals(document, edition) -> list[dict]:
    approvals = [{k: b.get(k, "") for k in ("role", "name", "title")} for b in _blocks(document.approvals)]
    if any(a["name"] for a in approvals) or edition is None:
        return approvals
    return [  # no approval table typed in: the sign-offs the workflow recorded
        {"role": s["role"], "name": s.get("name", ""), "title": ""}
        for s in edition.signoffs
        if s.get("role") in ROLE_HEADERS
    ]


def _amendments(document, edition) -> list[dict]:
    typed = [
        {k: b.get(k, "") for k in ("number", "summary", "legal_basis", "date")} for b in _blocks(document.amendments)
    ]
    if typed or not document.pk:
        return typed
    editions = Edition.objects.filter(page_id=document.pk).order_by("number")
    if edition is not None:
        editions = editions.filter(number__lte=edition.number)
    return [
        {
            "number": f"{e.number:02d}",
            "summary": e.change_summary,
            "legal_basis": e.change_legal_basis,
            "date": e.effective_on.strftime("%d/%m/%Y"),
        }
        for e in list(editions)[1:]  # the first issue is not an amendment
    ]


def stamp_for(edition: Edition | None, copy: ControlledCopy | None = None) -> list[str]:
    if edition is not None and not edition.is_current:
        return [OBSOLETE, UNCONTROLLED]
    if copy is not None:
        return [CONTROLLED, f"Bản số: {copy.number:02d} – Nơi nhận: {copy.recipient}"]
    return [UNCONTROLLED]


def render(document: IdentifiedDocument, edition: Edition | None = None, copy: ControlledCopy | None = None) -> Export:
    """The stamped .docx of ``document`` as it is live, or as frozen in ``edition``."""
    source = edition.revision.as_object() if edition is not None else document
    content = document_content(source, edition)
    kind = "QUY TRÌNH" if isinstance(document, ProcedurePage) else _kind(document)
    data = write_procedure(content, stamp_for(edition, copy), kind=kind)
    suffix = f"-ban-kiem-soat-{copy.number:02d}" if copy is not None else ""
    name = vietnamese_slug(f"{content['code'] or document.slug} lan {content['edition']}", 80) + suffix
    return Export(data, f"{name}.docx")


def _kind(document) -> str:
    if isinstance(document, ControlledDocumentPage):
        return str(document.get_document_type_display()).upper()
    return "TÀI LIỆU"


def download(user, document: IdentifiedDocument, edition_number: int | None = None) -> Export:
    """A reading copy for ``user``; PermissionDenied unless documents.permissions allows it."""
    if edition_number is None:
        if not (document.live and can_view(user, document)):
            raise PermissionDenied
        return render(document, Edition.objects.filter(page=document, state="current").first())
    edition = Edition.objects.select_related("revision").filter(page=document, number=edition_number).first()
    if edition is None:
        raise PermissionDenied
    allowed = can_view(user, document) if edition.is_current else can_view_obsolete_editions(user, document)
    if not allowed:
        raise PermissionDenied
    return render(document, edition)


@transaction.atomic
def issue_controlled_copy(document: IdentifiedDocument, recipient: str, user) -> tuple[ControlledCopy, Export]:
    """Number, record and render a controlled copy of the current edition for ``recipient``."""
    recipient = " ".join((recipient or "").split())
    if not recipient:
        raise EditionRefused(_("Cần ghi nơi nhận bản kiểm soát."))
    edition = Edition.objects.select_for_update().filter(page=document, state="current").first()
    if edition is None:
        raise EditionRefused(_("Tài liệu chưa có lần ban hành đang hiệu lực: không thể phát hành bản kiểm soát."))
    last = ControlledCopy.objects.filter(edition=edition).aggregate(n=Max("number"))["n"] or 0
    copy = ControlledCopy.objects.create(edition=edition, number=last + 1, recipient=recipient[:255], issued_by=user)
    log(
        instance=document,
        action="qms.controlled_copy",
        user=user,
        data={"edition": edition.number, "copy": copy.number, "recipient": copy.recipient},
    )
    return copy, render(document, edition, copy)
