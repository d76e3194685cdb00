"""Closed records are frozen, hashed and chained; corrections are new linked records."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time

from documents.models import ImmutableError
from records.models import QualityRecord, RecordType
from records.services.integrity import GENESIS, correct_record, create_record, verify_records
from records.services.retention import retention_months, sync_record_types


def make(org, title="Sổ theo dõi", **kwargs):
    return create_record(agency=org.agency, department=org.dept_a, title=title, content={"so": 1}, **kwargs)


def test_closed_record_is_hashed_and_chained(org):
    first = make(org, file_name="a.txt", file_bytes=b"noi dung")
    second = make(org, "Phiếu hẹn")
    assert first.sequence == 1 and first.chain_prev == GENESIS
    assert second.sequence == 2 and second.chain_prev == first.chain_hash
    assert len(first.file_sha256) == 64
    assert verify_records(org.agency, check_files=True) == []


@pytest.mark.parametrize(
    "attempt",
    [
        lambda r: (setattr(r, "title", "sửa"), r.save()),
        lambda r: r.delete(),
        lambda r: QualityRecord.objects.filter(pk=r.pk).update(title="sửa"),
        lambda r: QualityRecord.objects.filter(pk=r.pk).update(content={}),
        lambda r: QualityRecord.objects.filter(pk=r.pk).delete(),
        lambda r: r.save(lifecycle=True, update_fields=["content"]),
    ],
)
def test_closed_record_cannot_change_through_the_orm(org, attempt):
    record = QualityRecord.objects.get(pk=make(org).pk)
    with pytest.raises(ImmutableError):
        attempt(record)
    assert QualityRecord.objects.get(pk=record.pk).title == "Sổ theo dõi"


def test_open_record_can_be_edited_then_closed(org):
    record = make(org, close=False)
    record.title = "Đã sửa khi còn mở"
    record.save()
    QualityRecord.objects.filter(pk=record.pk).update(reference="01/2026")
    assert record.sequence is None


def test_verify_detects_a_tampered_row(org):
    records = [make(org, f"Hồ sơ {n}") for n in range(3)]
    # Bypass every ORM guard, as someone with database access would.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE records_qualityrecord SET title = %s WHERE id = %s", ["giả mạo", records[1].pk])
    problems = verify_records(org.agency)
    assert [p.record_id for p in problems] == [records[1].pk]
    with pytest.raises(CommandError):
        call_command("verify_records")


def test_verify_detects_a_removed_row_and_a_rehashed_row(org):
    from django.db import connection

    records = [make(org, f"Hồ sơ {n}") for n in range(4)]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM records_qualityrecord WHERE id = %s", [records[1].pk])
        cursor.execute("UPDATE records_qualityrecord SET content_hash = %s WHERE id = %s", ["f" * 64, records[3].pk])
    messages = [(p.record_id, p.message) for p in verify_records(org.agency)]
    assert any(pk == records[2].pk and "missing" in message for pk, message in messages)
    assert any(pk == records[3].pk and "seal" in message for pk, message in messages)


def test_verify_command_passes_on_clean_data(org, capsys):
    make(org)
    call_command("verify_records", "--agency", org.agency.code, "--files")
    assert "verify" in capsys.readouterr().out


def test_correction_is_a_new_linked_record(org):
    original = make(org)
    correction = correct_record(original, reason="Ghi sai ngày", content={"so": 2}, by=org.users["staff_a"])
    assert correction.corrects == original and correction.is_closed
    assert list(original.corrections.all()) == [correction]
    assert QualityRecord.objects.get(pk=original.pk).content == {"so": 1}
    with pytest.raises(ValueError):
        correct_record(original, reason=" ")


@pytest.mark.parametrize(
    ("text", "months"),
    [("Vĩnh viễn", None), ("1 năm", 12), ("05 năm", 60), ("06 tháng", 6), ("Lâu dài", None), ("", None)],
)
def test_retention_months(text, months):
    assert retention_months(text) == months


def test_record_types_from_procedure_and_retention(org, make_procedure):
    from documents.services.tree import ensure_department_section

    procedure = make_procedure(
        ensure_department_section(org.dept_a),
        records_to_keep=[
            ("record", {"name": "Tờ khai khai sinh", "keeper": "Công chức tư pháp", "retention": "Vĩnh viễn"}),
            ("record", {"name": "Phiếu hẹn", "keeper": "Một cửa", "retention": "1 năm"}),
        ],
    )
    types = sync_record_types(procedure)
    assert [(t.name, t.retention_months) for t in types] == [("Tờ khai khai sinh", None), ("Phiếu hẹn", 12)]
    sync_record_types(procedure)
    assert RecordType.objects.filter(procedure=procedure).count() == 2
    with freeze_time("2026-01-31 10:00"):
        kept = make(org, record_type=types[1])
        forever = make(org, record_type=types[0])
    assert kept.retain_until == dt.date(2027, 1, 31)
    assert forever.retain_until is None
