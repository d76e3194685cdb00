"""Record types from procedures, retention periods, legal holds and disposal with the officer's approval."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from documents.permissions import scope_for

from ..models import DisposalDecision, DisposalLog, QualityRecord, RecordType

_YEARS = re.compile(r"(\d+)\s*năm", re.IGNORECASE)
_MONTHS = re.compile(r"(\d+)\s*tháng", re.IGNORECASE)


class DisposalBlocked(Exception):
    """A disposal that must not happen: a record is under legal hold, not closed, or still retained."""


def retention_months(text: str) -> int | None:
    """Months to keep from a "records to keep" cell: "1 năm" → 12, "06 tháng" → 6; anything else → None (forever)."""
    text = (text or "").strip()
    if match := _YEARS.search(text):
        return int(match.group(1)) * 12
    if match := _MONTHS.search(text):
        return int(match.group(1))
    return None  # "Vĩnh viễn", "Lâu dài" or unreadable: keep rather than lose evidence


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, last_day)
        except ValueError:
            continue
    raise ValueError(day)


def sync_record_types(procedure) -> list[RecordType]:
    """Create or update the record types a procedure's "records to keep" table lists."""
    types = []
    for block in procedure.records_to_keep:
        value = block.value
        months = retention_months(value.get("retention") or "")
        record_type, _created = RecordType.objects.update_or_create(
            agency_id=procedure.agency_id,
            procedure=procedure,
            name=str(value.get("name") or "")[:500],
            defaults={
                "keeper": str(value.get("keeper") or "")[:500],
                "retention": str(value.get("retention") or "")[:128],
                "retention_months": months,
            },
        )
        types.append(record_type)
    return types


def set_retention(record: QualityRecord) -> None:
    """Fill retain_until from the record type when the record is closed (called by the close signal path)."""
    months = record.record_type.retention_months if record.record_type_id else None
    if record.closed_at and months is not None:
        record.retain_until = add_months(timezone.localtime(record.closed_at).date(), months)


def due_for_disposal(agency=None, today: dt.date | None = None):
    """Closed records whose retention has ended, not disposed of and not under a legal hold."""
    today = today or timezone.localdate()
    records = QualityRecord.objects.filter(
        closed_at__isnull=False, disposed_at__isnull=True, legal_hold=False, retain_until__lte=today
    )
    return records.filter(agency=agency) if agency is not None else records


def set_legal_hold(record: QualityRecord, reason: str, *, hold: bool = True) -> None:
    record.legal_hold = hold
    record.legal_hold_reason = reason if hold else ""
    record.save(lifecycle=True, update_fields=["legal_hold", "legal_hold_reason"])


def _is_officer(user, agency_id) -> bool:
    return bool(user and user.is_authenticated) and (user.is_superuser or agency_id in scope_for(user).officer_agencies)


def propose_disposal(records, *, by, reason: str, today: dt.date | None = None) -> DisposalDecision:
    records = list(records)
    if not records:
        raise DisposalBlocked("nothing to dispose of")
    agency_ids = {r.agency_id for r in records}
    if len(agency_ids) != 1:
        raise DisposalBlocked("one decision per agency")
    due_ids = set(due_for_disposal(today=today).filter(pk__in=[r.pk for r in records]).values_list("pk", flat=True))
    if blocked := [r for r in records if r.pk not in due_ids]:
        raise DisposalBlocked(f"not due or under legal hold: {', '.join(str(r.pk) for r in blocked)}")
    decision = DisposalDecision.objects.create(agency_id=agency_ids.pop(), reason=reason, proposed_by=by)
    decision.records.set(records)
    return decision


@transaction.atomic
def approve_disposal(decision: DisposalDecision, *, by, today: dt.date | None = None) -> list[DisposalLog]:
    """The quality officer approves: each record's file and content are destroyed and a log row is written."""
    if not _is_officer(by, decision.agency_id):
        raise PermissionDenied("only the agency's quality officer approves a disposal")
    if decision.state != DisposalDecision.State.PROPOSED:
        raise DisposalBlocked("this decision was already settled")
    records = list(decision.records.select_for_update())
    due_ids = set(due_for_disposal(today=today).filter(pk__in=[r.pk for r in records]).values_list("pk", flat=True))
    if blocked := [r for r in records if r.pk not in due_ids]:
        raise DisposalBlocked(f"not due or under legal hold: {', '.join(str(r.pk) for r in blocked)}")
    now = timezone.now()
    logs = []
    for record in records:
        if record.file:
            record.file.delete(save=False)
        record.file, record.content, record.disposed_at = "", {}, now
        record.save(lifecycle=True, update_fields=["file", "content", "disposed_at"])
        logs.append(
            DisposalLog.objects.create(
                record=record,
                decision=decision,
                title=record.title,
                content_hash=record.content_hash,
                disposed_at=now,
                disposed_by=by,
                reason=decision.reason,
            )
        )
    DisposalDecision.objects.filter(pk=decision.pk).update(
        state=DisposalDecision.State.APPROVED, decided_by=by, decided_at=now
    )
    return logs


def reject_disposal(decision: DisposalDecision, *, by) -> None:
    if not _is_officer(by, decision.agency_id):
        raise PermissionDenied("only the agency's quality officer decides on a disposal")
    DisposalDecision.objects.filter(pk=decision.pk, state=DisposalDecision.State.PROPOSED).update(
        state=DisposalDecision.State.REJECTED, decided_by=by, decided_at=timezone.now()
    )
