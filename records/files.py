"""Who may read the files the records app stores (slips, tracking books, record attachments): whoever may
view the record, through the same check as the record's own download (records.permissions)."""

from __future__ import annotations


def _record_check(user, name: str) -> bool | None:
    from .models import QualityRecord
    from .permissions import can_view_record

    record = QualityRecord.objects.filter(file=name).first()
    return None if record is None else can_view_record(user, record)


def register_file_owners() -> None:
    from qms.files import register_owner

    register_owner("records", _record_check)
