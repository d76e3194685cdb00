"""Form templates (BM) kept as Word files and filled with docxtpl."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from documents.models import FormTemplate
from documents.word.errors import WordImportError
from documents.word.form_fill import check_template, fill_form_template
from tests.documents.word.docx_factory import read_part, replace_part, to_bytes


def template_bytes(extra: str = "") -> bytes:
    document = docx.Document()
    document.add_paragraph("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    document.add_paragraph("Mã hồ sơ: {{ ma_ho_so }}")
    document.add_paragraph("Ông/bà: {{ ho_ten }}" + extra)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Ngày hẹn trả"
    table.cell(0, 1).text = "{{ ngay_hen|default('—') }}"
    return to_bytes(document)


def texts(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs] + [c.text for r in document.tables[0].rows for c in r.cells])


def test_fill_form_template_fills_placeholders():
    data = fill_form_template(template_bytes(), {"ma_ho_so": "000.00.01.H19-250707-0001", "ho_ten": "Nguyễn Văn A"})
    text = texts(data)
    assert "Mã hồ sơ: 000.00.01.H19-250707-0001" in text and "Ông/bà: Nguyễn Văn A" in text
    assert "Ngày hẹn trả\n—" in text and "{{" not in text


def test_values_are_escaped_never_markup():
    data = fill_form_template(template_bytes(), {"ho_ten": 'A & B <w:t>"x"</w:t>'})
    assert 'Ông/bà: A & B <w:t>"x"</w:t>' in texts(data)


def test_templates_run_in_a_sandbox():
    with pytest.raises(WordImportError):
        fill_form_template(template_bytes("{{ ho_ten.__class__.__mro__[1].__subclasses__() }}"), {"ho_ten": "x"})


def test_check_template_lists_placeholders_and_refuses_bad_ones():
    assert check_template(template_bytes()) == {"ma_ho_so", "ho_ten", "ngay_hen"}
    with pytest.raises(WordImportError) as caught:
        check_template(template_bytes("{{ ho_ten "))
    assert caught.value.code == "template_syntax"
    data = template_bytes()
    types = read_part(data, "[Content_Types].xml").replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    with pytest.raises(WordImportError) as caught:
        fill_form_template(replace_part(data, "[Content_Types].xml", types), {})
    assert caught.value.code == "macro"


def test_form_template_model_fills_from_its_wagtail_document(agency):
    file = Document.objects.create(title="BM.01", file=ContentFile(template_bytes(), name="bm01.docx"))
    template = FormTemplate(agency=agency, code="BM.01", name="Giấy tiếp nhận hồ sơ", document=file)
    template.full_clean()
    template.save()
    assert "Nguyễn Văn B" in texts(fill_form_template(template, {"ho_ten": "Nguyễn Văn B"}))


def test_form_template_model_refuses_an_unsafe_file(agency):
    file = Document.objects.create(title="xấu", file=ContentFile(b"%PDF-1.4", name="bad.docx"))
    with pytest.raises(ValidationError, match="PDF"):
        FormTemplate(agency=agency, code="BM.02", name="x", document=file).full_clean()


def test_form_templates_are_listed_in_the_admin(client, admin_user, agency):
    from django.urls import reverse

    file = Document.objects.create(title="BM.01", file=ContentFile(template_bytes(), name="bm01.docx"))
    FormTemplate.objects.create(agency=agency, code="BM.01", name="Giấy tiếp nhận hồ sơ", document=file)
    client.force_login(admin_user)
    response = client.get(reverse(FormTemplate.snippet_viewset.get_url_name("list")))
    assert response.status_code == 200 and "Giấy tiếp nhận hồ sơ" in response.content.decode()
