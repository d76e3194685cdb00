"""Registers: internal documents, external documents and records to keep, as .docx and .xlsx."""

import io

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from documents.models import ControlledDocumentPage
from documents.services.registers import build_register, register_docx, register_xlsx
from documents.services.tree import ensure_department_section


@pytest.fixture
def documents(agency, justice_section, land, make_procedure):
    make_procedure(
        justice_section,
        "Đăng ký khai sinh",
        iso_code="QT 01/CX-HCTP",
        series="Hộ tịch",
        records_to_keep=[
            ("record", {"name": "Sổ đăng ký khai sinh", "keeper": "Công chức tư pháp", "retention": "Vĩnh viễn"}),
            ("record", {"name": "=cmd|' /C calc'!A0", "keeper": "Một cửa", "retention": "05 năm"}),
        ],
    )
    land_section = ensure_department_section(land)
    make_procedure(land_section, "Cấp giấy chứng nhận", iso_code="QT 01/DC", series="Đất đai")
    law = ControlledDocumentPage(
        title="Luật Hộ tịch",
        document_type="external",
        external_number="60/2014/QH13",
        external_issuer="Quốc hội",
        visibility="public",
    )
    justice_section.add_child(instance=law)
    law.save_revision().publish()
    manual = ControlledDocumentPage(
        title="Sổ tay chất lượng", document_type="manual", iso_code="ST-01", visibility="public"
    )
    justice_section.add_child(instance=manual)
    return agency


def test_internal_register_lists_procedures_and_other_documents(documents, justice):
    register = build_register("internal", documents)
    names = [row[2] for row in register.rows]
    assert sorted(names) == ["Cấp giấy chứng nhận", "Sổ tay chất lượng", "Đăng ký khai sinh"]
    assert "Luật Hộ tịch" not in names
    by_name = {row[2]: row for row in register.rows}
    assert by_name["Đăng ký khai sinh"][8] == "Đang hiệu lực" and by_name["Sổ tay chất lượng"][8] == "Dự thảo"
    only_justice = build_register("internal", documents, justice)
    assert {row[2] for row in only_justice.rows} == {"Sổ tay chất lượng", "Đăng ký khai sinh"}


def test_external_register(documents):
    register = build_register("external", documents)
    assert [row[1:4] for row in register.rows] == [["60/2014/QH13", "Luật Hộ tịch", "Quốc hội"]]


def test_records_register_and_both_formats(documents, justice):
    register = build_register("records", documents, justice)
    assert [row[1] for row in register.rows][0] == "Sổ đăng ký khai sinh"
    assert register.rows[0][2] == "QT 01/CX-HCTP – Đăng ký khai sinh" and register.rows[0][4] == "Vĩnh viễn"

    sheet = openpyxl.load_workbook(io.BytesIO(register_xlsx(register))).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert values[0][:3] == ["STT", "Tên hồ sơ", "Thuộc quy trình"]
    assert values[2][1] == "=cmd|' /C calc'!A0" and sheet.cell(row=7, column=2).data_type == "s"  # text, not a formula

    document = docx.Document(io.BytesIO(register_docx(register)))
    assert "DANH MỤC HỒ SƠ CẦN LƯU" in "\n".join(p.text for p in document.paragraphs)
    assert document.tables[0].cell(1, 1).text == "Sổ đăng ký khai sinh"


def test_register_view_respects_what_the_user_may_see(client, documents, justice):
    from documents.services.roles import assign_role

    url = reverse("qms_registers")
    user = get_user_model().objects.create_user("canbo", password="x")
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)  # no role in any agency
    assign_role(user, "staff", documents, justice)
    assert client.get(url).status_code == 200
    response = client.get(url, {"kind": "internal", "agency": documents.pk, "format": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "Đăng ký khai sinh" in [c.value for c in sheet["C"]]


def test_register_command_writes_both_formats(documents, tmp_path):
    call_command("export_registers", agency="XA-TEST", output=str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 6 and "danh-muc-internal-XA-TEST.xlsx" in names
