"""Retention ends → proposal → quality officer approval → file destroyed, log kept; a legal hold blocks it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from freezegun import freeze_time

from records.models import DisposalDecision, DisposalLog, QualityRecord, RecordType
from records.services.integrity import create_record, verify_records
from records.services.retention import (
    DisposalBlocked,
    approve_disposal,
    due_for_disposal,
    propose_disposal,
    reject_disposal,
    set_legal_hold,
)

LATER = dt.date(2028, 1, 1)


@pytest.fixture
def old_records(org):
    one_year = RecordType.objects.create(agency=org.agency, name="Phiếu hẹn", retention="1 năm", retention_months=12)
    with freeze_time("2026-03-02 09:00"):
        return [
            create_record(
                agency=org.agency,
                department=org.dept_a,
                title=f"Phiếu hẹn {n}",
                record_type=one_year,
                content={"n": n},
                file_name="phieu.docx",
                file_bytes=b"docx",
            )
            for n in range(2)
        ]


def test_due_for_disposal_and_command(org, old_records, capsys):
    assert not due_for_disposal(today=dt.date(2027, 3, 1)).exists()
    assert set(due_for_disposal(today=dt.date(2027, 3, 2))) == set(old_records)
    call_command("records_due_for_disposal", "--date", "2027-03-02")
    assert "2 record(s)" in capsys.readouterr().out


def test_disposal_needs_the_officer_and_leaves_a_log(org, old_records):
    decision = propose_disposal(old_records, by=org.users["staff_a"], reason="Hết thời hạn lưu", today=LATER)
    with pytest.raises(PermissionDenied):
        approve_disposal(decision, by=org.users["head_a"], today=LATER)
    path = old_records[0].file.path
    logs = approve_disposal(decision, by=org.users["officer"], today=LATER)
    assert len(logs) == 2
    record = QualityRecord.objects.get(pk=old_records[0].pk)
    assert record.disposed_at and not record.file and record.content == {}
    assert not __import__("os").path.exists(path)
    log = DisposalLog.objects.get(record=record)
    assert (log.disposed_by, log.reason, log.content_hash) == (
        org.users["officer"],
        "Hết thời hạn lưu",
        record.content_hash,
    )
    assert DisposalDecision.objects.get(pk=decision.pk).state == DisposalDecision.State.APPROVED
    assert verify_records(org.agency) == []  # the chain survives the disposal
    with pytest.raises(DisposalBlocked):
        approve_disposal(decision, by=org.users["officer"], today=LATER)


def test_legal_hold_blocks_disposal(org, old_records):
    held = old_records[0]
    set_legal_hold(held, "Đang thanh tra")
    assert list(due_for_disposal(today=LATER)) == [old_records[1]]
    with pytest.raises(DisposalBlocked):
        propose_disposal(old_records, by=org.users["staff_a"], reason="Hết hạn", today=LATER)
    # A hold placed after the proposal still stops the approval.
    set_legal_hold(held, "", hold=False)
    decision = propose_disposal(old_records, by=org.users["staff_a"], reason="Hết hạn", today=LATER)
    set_legal_hold(QualityRecord.objects.get(pk=held.pk), "Khiếu nại")
    with pytest.raises(DisposalBlocked):
        approve_disposal(decision, by=org.users["officer"], today=LATER)
    assert not DisposalLog.objects.exists()
    assert QualityRecord.objects.get(pk=held.pk).file


def test_records_not_yet_due_cannot_be_proposed(org, old_records):
    with pytest.raises(DisposalBlocked):
        propose_disposal(old_records, by=org.users["staff_a"], reason="Sớm", today=dt.date(2026, 6, 1))


def test_rejection(org, old_records):
    decision = propose_disposal(old_records, by=org.users["staff_a"], reason="Hết hạn", today=LATER)
    reject_disposal(decision, by=org.users["officer"])
    assert DisposalDecision.objects.get(pk=decision.pk).state == DisposalDecision.State.REJECTED
