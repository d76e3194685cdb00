import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from documents.models import ControlledDocumentPage, Department, ProcedurePage
from documents.services.tree import ensure_department_section


def test_document_takes_department_and_agency_from_its_section(justice_section, make_procedure, justice):
    page = make_procedure(justice_section, iso_code="QT 01/CX-HCTP", series="Hộ tịch")
    page.refresh_from_db()
    assert page.department == justice
    assert page.agency == justice.agency


def test_department_code_is_unique_within_an_agency_only(agency, other_agency, justice):
    Department.objects.create(agency=other_agency, code="TUPHAP", name="Phòng Tư pháp")
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(agency=agency, code="TUPHAP", name="Trùng mã")


def test_iso_code_unique_within_agency_and_series(justice_section, make_procedure):
    make_procedure(justice_section, iso_code="QT 01/CX-HCTP", series="Hộ tịch")
    # The same code in another series of the same agency is a different document (real files do this).
    other = make_procedure(justice_section, "Cấp bản sao từ sổ gốc", iso_code="QT 01/CX-HCTP", series="Chứng thực")
    with pytest.raises(ValidationError, match="procedure_iso_code_unique"), transaction.atomic():
        make_procedure(justice_section, "Trùng", iso_code="QT 01/CX-HCTP", series="Hộ tịch")
    # Below model validation, the database itself refuses the reuse.
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedurePage.objects.filter(pk=other.pk).update(series="Hộ tịch")


def test_iso_code_may_repeat_in_another_agency(justice_section, make_procedure, other_agency):
    make_procedure(justice_section, iso_code="QT 01/CX-HCTP", series="Hộ tịch")
    other = ensure_department_section(Department.objects.create(agency=other_agency, code="HCTP", name="HCTP"))
    make_procedure(other, iso_code="QT 01/CX-HCTP", series="Hộ tịch")
    assert ProcedurePage.objects.filter(iso_code="QT 01/CX-HCTP").count() == 2


def test_blank_codes_do_not_collide(justice_section, make_procedure):
    make_procedure(justice_section, "A")
    make_procedure(justice_section, "B")
    assert ProcedurePage.objects.filter(iso_code="").count() == 2


def test_tthc_code_unique_within_agency(justice_section, make_procedure):
    make_procedure(justice_section, tthc_code="1.000893")
    other = make_procedure(justice_section, "Khác", tthc_code="1.000894")
    with pytest.raises(ValidationError), transaction.atomic():
        make_procedure(justice_section, "Trùng", tthc_code="1.000893")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedurePage.objects.filter(pk=other.pk).update(tthc_code="1.000893")


def test_code_conflict_spans_procedures_and_other_documents(justice_section, make_procedure, agency):
    form = ControlledDocumentPage(title="Mẫu tờ khai", document_type="form", iso_code="BM 01", series="Hộ tịch")
    justice_section.add_child(instance=form)
    candidate = ProcedurePage(title="Mới")
    assert candidate.code_conflict(agency.pk, "hộ tịch", "bm 01") == form.page_ptr.specific


def test_whitespace_in_codes_is_normalised(justice_section, make_procedure):
    page = make_procedure(justice_section, iso_code="  QT   11/CX-HCTP ", series=" Hộ  tịch ")
    page.refresh_from_db()
    assert (page.iso_code, page.series) == ("QT 11/CX-HCTP", "Hộ tịch")


def test_long_official_name_is_kept_whole(justice_section, make_procedure):
    name = "Thủ tục rất dài " * 30
    page = make_procedure(justice_section, "Ngắn", official_name=name.strip())
    page.refresh_from_db()
    assert page.display_name == name.strip()
    assert len(page.display_name) > 255
