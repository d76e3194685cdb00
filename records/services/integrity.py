"""Closing quality records, their content hash, the per-agency sealed chain and its verification.

The content hash covers everything that identifies and states the record (type, department, title,
reference, content, file digest, creation and closing times, the record it corrects). The seal of record n
is an HMAC, under a key outside the database (records.services.seals), of its agency, sequence, the seal of
record n-1 and its content hash: removing, inserting or altering any closed row breaks its seal or the next
link, and only the key's holder can make a seal that verifies. What it does not show: records removed from
the end of the chain (the last ones closed) leave no gap; ``verify_records --anchor`` writes the chain
heads to an append-only file outside the database so a later run notices (records.services.anchors).
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
from . import seals
from .retention import set_retention
from .seals import GENESIS, LEGACY


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
    """Freeze an open record: hash it, append it to its agency's chain and seal it with the current key."""
    if record.is_closed:
        return record
    key = seals.current_key()  # before anything is written: no key, no record closed
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
    seals.seal_record(record, last["chain_hash"] if last else GENESIS, key)
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
    legacy: bool = False  # not an alteration found, but a seal that proves nothing against an insider

    def __str__(self) -> str:
        return f"[{self.agency}] record #{self.record_id}: {self.message}"


def _check(record, previous: str, expected_sequence: int, keyed_before: bool, keys, check_files: bool):
    """What is wrong with one closed record, in chain order."""
    if record.sequence != expected_sequence:
        yield f"sequence {record.sequence}, expected {expected_sequence} (a record is missing)"
    if record.closed_at is None:
        yield "in the chain but not closed"
    if record.disposed_at is None and content_hash(record) != record.content_hash:
        yield "content does not match its hash (altered)"
    if record.chain_prev != previous:
        yield "hash chain broken"
    if (broken := seals.check_seal(record, previous, keys)) is not None:
        yield broken
    elif record.seal_key_id == LEGACY and keyed_before:
        yield "unkeyed seal after keyed ones (downgraded: altered and re-chained without the key)"
    if check_files and record.disposed_at is None:
        try:
            same = file_digest(record) == record.file_sha256
        except OSError:
            same = False
        if not same:
            yield "file does not match its digest (missing or replaced)"


def verify_records(agency: Agency | None = None, *, check_files: bool = True) -> list[Problem]:
    """Recompute every closed record's hashes, links and seals; an empty list means nothing was altered.

    Records still under the old unkeyed chain come back as ``legacy`` problems (see reseal_records).
    """
    problems: list[Problem] = []
    keys = seals.known_keys()
    agencies = [agency] if agency is not None else list(Agency.objects.order_by("code"))
    for current in agencies:
        previous, expected_sequence, keyed_before = GENESIS, 1, False
        rows = QualityRecord.objects.filter(agency=current, sequence__isnull=False).order_by("sequence")
        for record in rows.iterator(chunk_size=2000):
            found = list(_check(record, previous, expected_sequence, keyed_before, keys, check_files))
            problems.extend(Problem(record.pk, current.code, message) for message in found)
            if not found and record.seal_key_id == LEGACY:
                message = "legacy seal (unkeyed, made before the keyed chain): run manage.py reseal_records"
                problems.append(Problem(record.pk, current.code, message, legacy=True))
            keyed_before = keyed_before or record.seal_key_id != LEGACY
            previous, expected_sequence = record.chain_hash, record.sequence + 1
    return problems
