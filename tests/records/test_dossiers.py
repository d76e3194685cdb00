"""The full life of a one-stop dossier, with hand-checked dates around Tết 2026."""

import datetime as dt
from decimal import Decimal

import pytest

from records.models import DossierEvent, DossierStatus, Outcome, QualityRecord
from records.services import dossiers
from records.services.integrity import verify_records
from records.services.procedures import has_cutoff_rule, parse_days, planned_steps, time_limit

from .dossier_helpers import docx_text, local, one_stop_procedure

D = dt.date


@pytest.fixture
def procedure(org):
    return one_stop_procedure(org)


def test_procedure_reading(org, procedure):
    assert time_limit(procedure, "direct") == Decimal(3)
    assert has_cutoff_rule(procedure)
    steps = planned_steps(procedure)
    assert [s.department.code for s in steps] == ["MOTCUA", "TUPHAP", "TUPHAP", "MOTCUA"]
    assert [s.days for s in steps] == [Decimal("0.5"), Decimal("1.5"), Decimal("0.5"), Decimal("0.5")]
    assert parse_days("4 giờ") == Decimal("0.5")
    assert parse_days("Trong ngày") is None


def test_full_life_with_supplement_pause_and_late_finish(org, procedure):
    staff, head = org.users["staff_a"], org.users["head_a"]
    # Thursday 12 Feb 2026 at 16:00: after 15:00, so the clock starts on Friday 13.
    dossier, secret = dossiers.receive(
        procedure, applicant_name="Nguyễn Văn A", received_at=local(2026, 2, 12, 16), by=staff
    )
    assert (dossier.start_on, dossier.due_on) == (D(2026, 2, 13), D(2026, 2, 25))  # 13, [Tết], 23, 24, 25
    assert dossier.receipt_number == "XA-ORG.260212.0001"
    assert len(secret.replace("-", "")) == 10 and dossiers.check_secret(dossier, secret.lower())
    assert not dossiers.check_secret(dossier, "AAAAAAAA")
    receipt = QualityRecord.objects.get(dossier=dossier)
    text = docx_text(receipt)
    assert secret in text and "25/02/2026" in text and "Nguyễn Văn A" in text
    assert "secret" not in receipt.content

    step = dossiers.transfer(dossier, by=staff, at=local(2026, 2, 13, 9))
    assert step.department == org.dept_a
    dossiers.request_supplement(dossier, reason="Thiếu bản sao giấy chứng sinh", by=head, at=local(2026, 2, 23, 10))
    assert dossier.status == DossierStatus.WAITING_SUPPLEMENT
    with pytest.raises(dossiers.DossierStateError):
        dossiers.finish(dossier, by=head)
    dossiers.receive_supplement(dossier, by=staff, at=local(2026, 2, 25, 9))
    assert (dossier.paused_days, dossier.due_on) == (2, D(2026, 2, 27))  # waited 24, 25; due moves 26, 27

    dossiers.apologise(dossier, new_due_on=D(2026, 3, 3), reason="Chờ xác minh", by=head, at=local(2026, 2, 27, 16))
    dossiers.transfer(dossier, by=head, at=local(2026, 3, 2, 8))
    control = dossiers.finish(dossier, by=head, at=local(2026, 3, 2, 10))
    assert dossier.outcome == Outcome.LATE
    assert dossier.processing_days == 4  # 23, 24, 25, 26, 27 Feb, 2 Mar minus the 2 days waited
    assert "Chuyển xử lý" in docx_text(control) and "Nhận bổ sung" in docx_text(control)
    dossiers.return_result(dossier, by=staff, at=local(2026, 3, 3, 8))
    assert dossier.status == DossierStatus.RETURNED

    kinds = list(dossier.events.values_list("kind", flat=True))
    assert kinds == [
        DossierEvent.Kind.RECEIVED,
        DossierEvent.Kind.TRANSFER,
        DossierEvent.Kind.SUPPLEMENT_REQUESTED,
        DossierEvent.Kind.SUPPLEMENT_RECEIVED,
        DossierEvent.Kind.APOLOGY,
        DossierEvent.Kind.TRANSFER,
        DossierEvent.Kind.FINISHED,
        DossierEvent.Kind.RETURNED,
    ]
    slips = QualityRecord.objects.filter(dossier=dossier).order_by("sequence")
    assert [r.record_type.code for r in slips] == ["TTHC-01", "TTHC-02", "TTHC-04", "TTHC-06"]
    assert all(r.is_closed and r.file.name.endswith(".docx") for r in slips)
    assert verify_records(org.agency) == []


def test_early_finish_and_refusal(org, procedure):
    dossier, _ = dossiers.receive(procedure, applicant_name="B", received_at=local(2026, 3, 2, 9))
    assert dossier.due_on == D(2026, 3, 5)
    dossiers.finish(dossier, at=local(2026, 3, 4, 9))
    assert (dossier.outcome, dossier.processing_days) == (Outcome.EARLY, 2)
    other, _ = dossiers.receive(procedure, applicant_name="C", received_at=local(2026, 3, 2, 9))
    assert other.receipt_number.endswith(".0002")
    refusal = dossiers.refuse(other, reason="Không thuộc thẩm quyền")
    assert other.status == DossierStatus.REFUSED and "Không thuộc thẩm quyền" in docx_text(refusal)
    with pytest.raises(dossiers.DossierStateError):
        dossiers.transfer(other)


def test_apology_must_move_the_date(org, procedure):
    dossier, _ = dossiers.receive(procedure, applicant_name="D", received_at=local(2026, 3, 2, 9))
    with pytest.raises(dossiers.DossierStateError):
        dossiers.apologise(dossier, new_due_on=dossier.due_on, reason="x")


def test_stop_notice(org, procedure):
    dossier, _ = dossiers.receive(procedure, applicant_name="E", received_at=local(2026, 3, 2, 9))
    record = dossiers.stop(dossier, reason="Người nộp rút hồ sơ")
    assert record.record_type.code == "TTHC-05" and dossier.status == DossierStatus.STOPPED


def test_draft_procedure_takes_no_dossier(org, procedure):
    procedure.unpublish()
    with pytest.raises(dossiers.DossierStateError):
        dossiers.receive(procedure, applicant_name="F")


def test_agency_template_replaces_the_default(org, procedure):
    from django.core.files.base import ContentFile
    from docx import Document as Docx
    from wagtail.documents.models import Document

    from documents.models import FormTemplate

    buffer = __import__("io").BytesIO()
    custom = Docx()
    custom.add_paragraph("MẪU RIÊNG {{ receipt_number }}")
    custom.save(buffer)
    document = Document(title="Phiếu hẹn riêng")
    document.file.save("hen.docx", ContentFile(buffer.getvalue()))
    FormTemplate.objects.create(agency=org.agency, code="TTHC-01", name="Phiếu hẹn", document=document)
    dossier, _ = dossiers.receive(procedure, applicant_name="G", received_at=local(2026, 3, 2, 9))
    assert f"MẪU RIÊNG {dossier.receipt_number}" in docx_text(QualityRecord.objects.get(dossier=dossier))
