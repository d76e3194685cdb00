"""Import national administrative-procedure records (TTHC) as procedure pages.

Each record is written in its own transaction, so one bad record never stops the rest and
nothing is half-written. A re-run updates the pages it created (matched by agency and
national code) and leaves unchanged records alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from ..models import Agency, Department, ProcedurePage, Visibility
from ..text import fold, short_title, vietnamese_slug
from ..tthc.parsing import ParsedProcedure, RecordError, parse_any, read_records
from .bulk import bulk_page_writes
from .tree import ensure_department_section

logger = logging.getLogger("qms.documents.import")

IMPORT_SUMMARY = "Nhập từ Cơ sở dữ liệu quốc gia về thủ tục hành chính"
UPDATE_SUMMARY = "Cập nhật theo Cơ sở dữ liệu quốc gia về thủ tục hành chính"


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    channels_structured: int = 0
    with_channels: int = 0
    seconds: float = 0.0

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def skip_reasons(self) -> Counter:
        return Counter(reason.split(":", 1)[0] for _, reason in self.skipped)


class DepartmentRouter:
    """Chooses the owning department of a procedure from its field (lĩnh vực).

    An explicit department takes everything; otherwise a department whose `tthc_fields`
    lists the field takes it, and the agency's one-stop department takes the rest.
    """

    def __init__(self, agency: Agency, department: Department | None = None):
        self.agency = agency
        self.forced = department
        self.by_field: dict[str, Department] = {}
        self.fallback: Department | None = None
        for dept in agency.departments.all():
            for name in dept.field_names:
                self.by_field.setdefault(fold(name).casefold(), dept)
            if dept.is_one_stop and self.fallback is None:
                self.fallback = dept

    def route(self, field_name: str) -> Department | None:
        if self.forced is not None:
            return self.forced
        return self.by_field.get(fold(field_name).casefold(), self.fallback)


def record_hash(obj: dict) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def stream(page: ProcedurePage, field_name: str, items: list[dict]) -> list[tuple[str, dict]]:
    """StreamField data for `items`, keeping only the keys the field's block knows."""
    stream_block = page._meta.get_field(field_name).stream_block
    (block_name, block), = stream_block.child_blocks.items()
    known = set(block.child_blocks)
    return [(block_name, {k: v for k, v in item.items() if k in known}) for item in items]


def apply_parsed(page: ProcedurePage, parsed: ParsedProcedure) -> None:
    """Copy the public procedure data onto the page; the ISO parts an officer writes are left alone."""
    page.title = short_title(parsed.name)
    page.official_name = parsed.name
    page.tthc_code = parsed.tthc_code or page.tthc_code
    page.tthc_decision_number = parsed.decision_number[:255]
    page.tthc_field = parsed.field[:255]
    page.tthc_level = parsed.level[:255]
    page.tthc_levels = " ".join(parsed.levels)
    page.tthc_procedure_type = parsed.procedure_type[:255]
    page.tthc_subjects = parsed.subjects
    page.tthc_competent_authority = parsed.competent_authority
    page.tthc_implementing_agency = parsed.implementing_agency
    page.tthc_receiving_address = parsed.receiving_address
    page.tthc_conditions = parsed.conditions
    page.tthc_source_url = parsed.source_url[:500]
    page.tthc_raw = dict(parsed.raw)
    page.public_steps = stream(page, "public_steps", parsed.steps)
    page.channels = stream(page, "channels", parsed.channels)
    page.dossier_components = stream(page, "dossier_components", parsed.dossier_components)
    page.legal_bases = stream(page, "legal_bases", parsed.legal_bases)
    page.results = stream(page, "results", parsed.results)
    if parsed.channels and not page.time_limit:
        page.time_limit = "; ".join(
            f"{c.get('label') or c['channel']}: {c['time_limit']}" for c in parsed.channels if c.get("time_limit")
        )


class TthcImporter:
    def __init__(self, agency: Agency, department: Department | None = None, publish: bool = True):
        self.agency = agency
        self.router = DepartmentRouter(agency, department)
        self.publish = publish
        self.sections: dict[int, object] = {}

    def import_file(
        self,
        path: str | Path,
        *,
        only: Callable[[ParsedProcedure], bool] | None = None,
        progress: Callable[[Iterable], Iterable] = lambda it: it,
    ) -> ImportSummary:
        summary = ImportSummary()
        started = time.perf_counter()
        with bulk_page_writes(ProcedurePage):
            self._import_records(path, only, progress, summary)
        summary.seconds = time.perf_counter() - started
        return summary

    def _import_records(self, path, only, progress, summary: ImportSummary) -> None:
        first_seen: dict[str, str] = {}
        for number, item in progress(read_records(path)):
            where = f"{Path(path).name}:{number}"
            if isinstance(item, RecordError):
                summary.skipped.append((where, f"invalid record: {item}"))
                continue
            try:
                parsed = parse_any(item)
            except RecordError as exc:
                summary.skipped.append((where, f"invalid record: {exc}"))
                continue
            if only is not None and not only(parsed):
                summary.skipped.append((where, "filtered out: not selected"))
                continue
            key = parsed.tthc_code or f"name:{fold(parsed.name).casefold()}"
            if key in first_seen:
                what = parsed.tthc_code or "the same name"
                summary.skipped.append((where, f"duplicate code: {what} already in this file at {first_seen[key]}"))
                continue
            first_seen[key] = where
            self._import_one(where, item, parsed, summary)

    def _import_one(self, where: str, raw: dict, parsed: ParsedProcedure, summary: ImportSummary) -> None:
        try:
            with transaction.atomic():
                outcome = self.save(raw, parsed)
        except IntegrityError as exc:
            logger.warning("%s: %s", where, exc)
            summary.skipped.append((where, f"database refused: {exc}"))
            return
        except (ValueError, TypeError) as exc:
            summary.skipped.append((where, f"invalid value: {exc}"))
            return
        if outcome is None:
            summary.skipped.append((where, f"no department: field “{parsed.field}” has no department and no one-stop"))
            return
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        if parsed.channels:
            summary.with_channels += 1
            summary.channels_structured += parsed.channels_structured

    def find_existing(self, parsed: ParsedProcedure) -> ProcedurePage | None:
        """The page this record updates: same national code, or (records without a code) same official name."""
        pages = ProcedurePage.objects.filter(agency=self.agency)
        if parsed.tthc_code:
            return pages.filter(tthc_code=parsed.tthc_code).first()
        return pages.filter(official_name=parsed.name).first()

    @staticmethod
    def free_slug(section, slug: str) -> str:
        """Two official names may fold to the same slug; number the later ones."""
        taken = set(section.get_children().filter(slug__startswith=slug).values_list("slug", flat=True))
        candidate, n = slug, 2
        while candidate in taken:
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    def save(self, raw: dict, parsed: ParsedProcedure) -> str | None:
        """Create or update one procedure page; returns "created", "updated", "unchanged" or None."""
        digest = record_hash(raw)
        page = self.find_existing(parsed)
        if page is not None and page.tthc_source_hash == digest:
            return "unchanged"
        if page is None:
            department = self.router.route(parsed.field)
            if department is None:
                return None
            section = self.sections.get(department.pk) or ensure_department_section(department)
            self.sections[department.pk] = section
            page = ProcedurePage(slug=self.free_slug(section, vietnamese_slug(f"{parsed.tthc_code} {parsed.name}")))
            apply_parsed(page, parsed)
            page.visibility = Visibility.PUBLIC  # posted procedures are public by law
            page.change_summary = IMPORT_SUMMARY
            page.tthc_source_hash = digest
            page.live = self.publish
            section.add_child(instance=page)
            outcome = "created"
        else:
            apply_parsed(page, parsed)
            page.change_summary = UPDATE_SUMMARY
            page.tthc_source_hash = digest
            outcome = "updated"
        revision = page.save_revision(log_action=True, clean=False)
        if self.publish:
            revision.publish(skip_permission_checks=True)
        return outcome
