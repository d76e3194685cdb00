"""Closing quality records, their content hash, the per-agency hash chain and its verification.

The content hash covers everything that identifies and states the record (type, department, title,
reference, content, file digest, creation and closing times, the record it corrects). The chain hash
of record n is sha256(chain hash of record n-1 + content hash of record n), per agency, so removing,
inserting or altering any closed row breaks every later link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from documents.models import Agency

from ..models import QualityRecord
from .retention import set_retention

GENESIS = "0" * 64


def _iso(value) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def content_hash(record: QualityRecord) -> str:
    payload = {
        "agency": record.agency_id,
        "department": record.department_id,
        "record_type": record.record_type_id,
        "dossier": record.dossier_id,
        "title": record.title,
        "reference": record.reference,
        "content": record.content,
        "file_sha256": record.file_sha256,
        "created_at": _iso(record.created_at),
        "closed_at": _iso(record.closed_at),
        "retain_until": record.retain_until.isoformat() if record.retain_until else None,
        "corrects": record.corrects_id,
        "correction_reason": record.correction_reason,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def chain_hash(previous: str, content: str) -> str:
    return hashlib.sha256(f"{previous}{content}".encode()).hexdigest()


def file_digest(record: QualityRecord) -> str:
    if not record.file:
        return ""
    digest = hashlib.sha256()
    with record.file.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def close_record(record: QualityRecord, *, at=None) -> QualityRecord:
    """Freeze an open record: hash it and append it to its agency's chain."""
    if record.is_closed:
        return record
    Agency.objects.select_for_update().filter(pk=record.agency_id).first()  # one chain writer per agency
    last = (
        QualityRecord.objects.filter(agency_id=record.agency_id, sequence__isnull=False)
        .order_by("-sequence")
        .values("sequence", "chain_hash")
        .first()
    )
    if record.pk is None:
        record.save()  # sets created_at
    record.file_sha256 = file_digest(record)
    record.closed_at = at or timezone.now()
    set_retention(record)
    record.sequence = (last["sequence"] + 1) if last else 1
    record.content_hash = content_hash(record)
    record.chain_prev = last["chain_hash"] if last else GENESIS
    record.chain_hash = chain_hash(record.chain_prev, record.content_hash)
    record.save()
    return record


def create_record(
    *,
    agency,
    department,
    title: str,
    content: dict | None = None,
    file_name: str = "",
    file_bytes: bytes | None = None,
    record_type=None,
    dossier=None,
    reference: str = "",
    by=None,
    close: bool = True,
    corrects: QualityRecord | None = None,
    correction_reason: str = "",
) -> QualityRecord:
    """Create a record (with its file) and, by default, close it at once."""
    record = QualityRecord(
        agency=agency,
        department=department,
        title=title[:500],
        reference=reference,
        content=content or {},
        record_type=record_type,
        dossier=dossier,
        created_by=by if by is not None and by.is_authenticated else None,
        corrects=corrects,
        correction_reason=correction_reason,
    )
    if file_bytes is not None:
        record.file.save(file_name or "record.bin", ContentFile(file_bytes), save=False)
    with transaction.atomic():
        record.save()
        if close:
            close_record(record)
    return record


def correct_record(original: QualityRecord, *, reason: str, by=None, **changes) -> QualityRecord:
    """Correct a closed record with a new closed record linked to it; the original stays as it was."""
    if not reason.strip():
        raise ValueError("a correction needs a reason")
    fields = {
        "agency": original.agency,
        "department": original.department,
        "title": original.title,
        "content": original.content,
        "record_type": original.record_type,
        "dossier": original.dossier,
        "reference": original.reference,
    }
    fields.update(changes)
    return create_record(**fields, by=by, corrects=original, correction_reason=reason)


@dataclass(frozen=True)
class Problem:
    record_id: int
    agency: str
    message: str

    def __str__(self) -> str:
        return f"[{self.agency}] record #{self.record_id}: {self.message}"


def verify_records(agency: Agency | None = None, *, check_files: bool = False) -> list[Problem]:
    """Recompute every closed record's hashes and links; an empty list means nothing was altered."""
    problems: list[Problem] = []
    agencies = [agency] if agency is not None else list(Agency.objects.all())
    for current in agencies:
        previous, expected_sequence = GENESIS, 1
        rows = QualityRecord.objects.filter(agency=current, sequence__isnull=False).order_by("sequence")
        for record in rows.iterator(chunk_size=2000):

            def report(message, record=record, code=current.code):
                problems.append(Problem(record.pk, code, message))

            if record.sequence != expected_sequence:
                report(f"sequence {record.sequence}, expected {expected_sequence} (a record is missing)")
            if record.closed_at is None:
                report("in the chain but not closed")
            if record.disposed_at is None and content_hash(record) != record.content_hash:
                report("content does not match its hash (altered)")
            if record.chain_prev != previous or chain_hash(previous, record.content_hash) != record.chain_hash:
                report("hash chain broken")
            if check_files and record.disposed_at is None and file_digest(record) != record.file_sha256:
                report("file does not match its digest")
            previous, expected_sequence = record.chain_hash, record.sequence + 1
    return problems
