"""Import a procedure written in Word (.docx) as a draft procedure page of a department.

One function, :func:`import_procedure`, serves the ``import_docx`` command and the admin upload:
it parses the file safely, checks the code against the agency's other documents and, unless
``dry_run``, creates a draft page in the department's section or adds a new draft revision to the
page the same file created before. Nothing is ever published here: issuing goes through the
department's approval workflow.

The same procedure is recognised by its code and series; when the file's title differs from that
procedure's title (a copy-paste code, or a renamed procedure) the import is refused with
:class:`CodeClash` unless the officer confirms (``force=True``), which adds the file as a new draft
of that procedure. A code held by another kind of document is always refused. With a ``viewer`` (the
admin upload), a code held by a document the viewer may not open is refused without naming it and is
never updated; without one (the command line, run by the operator) every holder is named.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Department, ProcedurePage, Visibility
from ..models.identification import IdentifiedDocument
from ..permissions import holder_name
from ..text import fold, short_title, vietnamese_slug
from ..word.errors import WordImportError
from ..word.procedure_parser import parse_procedure
from ..word.safety import MB, Limits, default_limits
from .tree import ensure_department_section
from .tthc_import import TthcImporter, stream

MAX_UPLOAD = 20 * MB
RAW_KEY = "word_import"  # where tthc_raw keeps what the page has no field for
ANYONE = object()  # no viewer: the operator at the command line, who may be told every holder's name


class CodeClash(ValueError):
    """The file's code belongs to another document; str() is the message for the officer."""

    def __init__(self, message: str, existing: IdentifiedDocument, confirmable: bool):
        super().__init__(message)
        self.existing = existing
        self.confirmable = confirmable
        self.result: ImportResult | None = None


@dataclass
class ImportResult:
    parsed: dict
    filename: str = ""
    page: ProcedurePage | None = None
    outcome: str = "parsed"  # parsed (dry run), created, updated
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        data = {"file": self.filename, **self.parsed, "warnings": self.warnings, "outcome": self.outcome}
        if self.page is not None:
            data["page_id"] = self.page.pk
        return data


def parse_upload(source, limits: Limits | None = None) -> dict:
    """The parser's result for ``source`` (path, bytes or file); raises WordImportError on bad input."""
    return parse_procedure(source, limits=limits or default_limits(max_size=MAX_UPLOAD))


def import_procedure(
    source,
    department: Department,
    *,
    filename: str = "",
    series: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    user=None,
    parsed: dict | None = None,
    viewer=ANYONE,
) -> ImportResult:
    """Parse ``source`` and (unless ``dry_run``) save it as a draft procedure of ``department``.

    Raises WordImportError for a file that cannot be imported and CodeClash for a code held by a
    different document; in both cases nothing is stored.
    """
    parsed = dict(parsed if parsed is not None else parse_upload(source))
    if series is not None:
        parsed["series"] = series.strip()
    result = ImportResult(parsed=parsed, filename=filename, warnings=list(parsed.get("warnings", [])))
    try:
        existing = find_existing(parsed, department, force=force, viewer=viewer)
    except CodeClash as exc:
        exc.result = result  # what was read, for callers that still show it
        raise
    if existing is not None and existing.department_id != department.pk:
        result.warnings.append(
            _("Quy trình có mã này thuộc phòng ban khác (%(dept)s); bản nháp được cập nhật tại đó.")
            % {"dept": existing.department}
        )
    if dry_run:
        result.page = existing
        return result
    with transaction.atomic():
        result.page, result.outcome = _save(parsed, department, existing, filename, user)
    return result


def find_existing(parsed: dict, department: Department, *, force: bool = False, viewer=ANYONE) -> ProcedurePage | None:
    """The procedure this file updates (same agency, series and code), or None for a new one.

    Raises CodeClash when the code is held by another document (always for a non-procedure or a document
    the viewer may not open; for a procedure of a different title unless ``force``).
    """
    probe = ProcedurePage(iso_code=" ".join(parsed.get("code", "").split()))
    if not probe.iso_code:  # no code: only a page this importer made from a file of the same title
        imported = ProcedurePage.objects.filter(department=department, iso_code="", tthc_raw__has_key=RAW_KEY)
        return next((page for page in imported if _same_title(page, parsed)), None)
    clash = probe.code_conflict(department.agency_id, " ".join(parsed.get("series", "").split()), probe.iso_code)
    if clash is None:
        return None
    clash = clash.specific
    if viewer is not ANYONE and holder_name(viewer, clash) is None:
        raise CodeClash(
            _(
                "Mã hiệu %(code)s (bộ tài liệu “%(series)s”) đã được dùng trong cơ quan; không thể nhập quy trình trùng mã."
            )
            % {"code": probe.iso_code, "series": parsed.get("series") or "—"},
            clash,
            confirmable=False,
        )
    if not isinstance(clash, ProcedurePage):
        raise CodeClash(
            _("Mã hiệu %(code)s đã được dùng cho tài liệu «%(title)s»; không thể nhập quy trình trùng mã.")
            % {"code": probe.iso_code, "title": clash.display_name},
            clash,
            confirmable=False,
        )
    if force or _same_title(clash, parsed):
        return clash
    raise CodeClash(
        _(
            "Mã hiệu %(code)s (bộ tài liệu “%(series)s”) đã thuộc quy trình «%(title)s», khác tên với tệp này "
            "(«%(new)s»). Chỉ xác nhận nếu tệp là phiên bản mới của chính quy trình đó."
        )
        % {
            "code": probe.iso_code,
            "series": parsed.get("series") or "—",
            "title": clash.display_name,
            "new": parsed.get("title") or "—",
        },
        clash,
        confirmable=True,
    )


def _same_title(page: ProcedurePage, parsed: dict) -> bool:
    latest = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    titles = {fold(t).casefold() for t in (latest.display_name, page.display_name) if t}
    return fold(parsed.get("title", "")).casefold() in titles


def _save(parsed: dict, department: Department, existing, filename: str, user):
    if existing is None:
        section = ensure_department_section(department)
        title = parsed.get("title") or filename or parsed.get("code") or _("Quy trình nhập từ Word")
        page = ProcedurePage(
            title=short_title(title),
            slug=TthcImporter.free_slug(section, vietnamese_slug(f"{parsed.get('code', '')} {title}")),
            visibility=Visibility.INTERNAL,
            live=False,
        )
        apply_parsed(page, parsed, filename)
        section.add_child(instance=page)
        outcome = "created"
    else:
        page = existing.get_latest_revision_as_object()
        apply_parsed(page, parsed, filename)
        outcome = "updated"
    page.save_revision(user=user, log_action=True, clean=False)
    return page, outcome


def apply_parsed(page: ProcedurePage, parsed: dict, filename: str = "") -> None:
    """Copy every parsed field onto ``page``; what the page has no field for goes to ``tthc_raw``."""
    title = parsed.get("title") or page.title
    page.title = short_title(title)
    page.draft_title = page.title
    page.official_name = title if title != page.title else ""
    page.iso_code = parsed.get("code", "")[:64]
    page.series = parsed.get("series", "")[:128]
    page.edition = _int(parsed.get("edition"), page.edition or 1)
    page.issued_on = _date(parsed.get("issued"))
    page.effective_on = _date(parsed.get("effective")) or page.effective_on
    page.purpose = parsed.get("purpose", "")
    page.scope = parsed.get("scope", "")
    page.references = "\n".join(parsed.get("references", []))
    page.definitions = "\n".join(parsed.get("definitions", []))
    page.dossier_components = stream(
        page, "dossier_components", [_component(c) for c in parsed.get("dossier_components", [])]
    )
    page.time_limit = parsed.get("time_limit", "")
    page.place = parsed.get("place", "")
    page.fees = parsed.get("fees", "")
    page.legal_bases = stream(page, "legal_bases", [{"title": text} for text in parsed.get("legal_bases", [])])
    headers = list(parsed.get("step_time_headers", [])) + ["", ""]
    page.step_time_label, page.step_time_alt_label = headers[0][:255], headers[1][:255]
    page.steps = stream(page, "steps", [_cut(s, time=255, time_alt=255, order=16) for s in parsed.get("steps", [])])
    page.forms = stream(page, "forms", [_cut(f, code=64) for f in parsed.get("forms", [])])
    page.records_to_keep = stream(page, "records_to_keep", [_cut(r, retention=128) for r in parsed.get("records", [])])
    page.approvals = stream(page, "approvals", [_cut(a, name=255, title=255) for a in parsed.get("approvals", [])])
    page.amendments = stream(page, "amendments", [_cut(a, number=32, date=32) for a in parsed.get("amendments", [])])
    amendments = parsed.get("amendments") or []
    if amendments and amendments[-1].get("summary"):
        page.change_summary = amendments[-1]["summary"]
        page.change_legal_basis = amendments[-1].get("legal_basis", "")
    if parsed.get("conditions"):
        page.tthc_conditions = parsed["conditions"]
    if parsed.get("applicants"):
        page.tthc_subjects = parsed["applicants"]
    page.tthc_raw = {**(page.tthc_raw or {}), RAW_KEY: _leftovers(parsed, filename)}


def _leftovers(parsed: dict, filename: str) -> dict:
    """What a procedure page has no field for, kept so that nothing read from the file is lost."""
    keep = {
        "file": filename,
        "agency": parsed.get("agency", ""),
        "dossier_quantity": parsed.get("dossier_quantity", ""),
        "result": parsed.get("result", ""),
        "step_time_headers": parsed.get("step_time_headers", []),
        "warnings": parsed.get("warnings", []),
    }
    extra_steps = {s["order"]: {k: s[k] for k in ("times", "extra") if k in s} for s in parsed.get("steps", [])}
    keep["steps_extra"] = {order: extra for order, extra in extra_steps.items() if extra}
    return keep


def _component(item) -> dict:
    if isinstance(item, dict):
        return {"name": item.get("name", ""), "copies": item.get("copies", "")[:255], "group": item.get("group", "")}
    return {"name": item}


def _cut(item: dict, **limits: int) -> dict:
    """``item`` with the named char fields cut to their block's max_length (Word cells can be long)."""
    return {k: (v[: limits[k]] if k in limits and isinstance(v, str) else v) for k, v in item.items()}


def _int(value, default: int) -> int:
    try:
        return max(1, int(str(value).strip()))
    except (TypeError, ValueError):
        return default


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


__all__ = ["CodeClash", "ImportResult", "WordImportError", "find_existing", "import_procedure", "parse_upload"]
