"""Importing Word procedures as draft pages: the service, the import_docx command, and every bad input."""

import json
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from documents.models import ControlledDocumentPage, ProcedurePage
from documents.services.word_import import RAW_KEY, CodeClash, import_procedure
from documents.word.errors import WordImportError
from tests.documents.word.docx_factory import add_table, merge_header, procedure, read_part, replace_part, to_bytes

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "iso-procedures"
MB = 1024 * 1024


@pytest.fixture
def factory_docx():
    return to_bytes(procedure())


def test_import_creates_a_draft_with_every_field(justice_section, justice, factory_docx):
    result = import_procedure(factory_docx, justice, filename="qt05.docx")
    page = ProcedurePage.objects.get(pk=result.page.pk)
    assert result.outcome == "created" and not page.live
    assert page.get_parent().pk == justice_section.pk
    assert (page.iso_code, page.title, page.edition, str(page.issued_on)) == (
        "QT 05/CX-HCTP",
        "Đăng ký nhận cha, mẹ, con",
        2,
        "2024-03-15",
    )
    assert page.series == "Hộ tịch"
    assert [(b["value"]["role"], b["value"]["name"]) for b in page.approvals.raw_data] == [
        ("drafted", "Lê Văn An"),
        ("reviewed", "Trần Thị Bình"),
        ("approved", "Phạm Quốc Cường"),
    ]
    steps = [b["value"] for b in page.steps.raw_data]
    assert [s["time_alt"] for s in steps] == ["01 ngày", "05 ngày", "01 ngày"]
    assert page.step_time_label == "Thời gian không xác minh" and page.step_time_alt_label == "Thời gian có xác minh"
    assert [b["value"]["retention"] for b in page.records_to_keep.raw_data] == ["Vĩnh viễn", "05 năm"]
    assert [b["value"]["code"] for b in page.forms.raw_data][:2] == ["BM.01", "BM.02"]
    assert page.purpose.startswith("Quy định trình tự") and page.fees == "Miễn lệ phí."
    assert page.time_limit == "03 ngày làm việc." and page.place == "UBND cấp xã."
    assert "Luật Hộ tịch năm 2014" in page.references
    assert [b["value"]["title"] for b in page.legal_bases.raw_data][0] == "Luật Hộ tịch năm 2014;"
    assert page.tthc_raw[RAW_KEY]["dossier_quantity"] == "01 bộ"
    assert page.tthc_raw[RAW_KEY]["file"] == "qt05.docx"
    assert page.latest_revision is not None


def test_reimporting_the_same_file_updates_that_draft(justice, factory_docx):
    first = import_procedure(factory_docx, justice, filename="qt05.docx")
    edited = procedure(edition="03")
    second = import_procedure(to_bytes(edited), justice, filename="qt05.docx")
    assert second.outcome == "updated" and second.page.pk == first.page.pk
    assert ProcedurePage.objects.count() == 1
    page = ProcedurePage.objects.get(pk=first.page.pk)
    assert page.revisions.count() == 2
    assert page.get_latest_revision_as_object().edition == 3


def test_a_code_of_another_procedure_is_refused_unless_confirmed(justice, factory_docx):
    first = import_procedure(factory_docx, justice)
    other = to_bytes(procedure(title="Đăng ký khai tử"))
    with pytest.raises(CodeClash) as caught:
        import_procedure(other, justice)
    assert caught.value.confirmable and "Đăng ký nhận cha, mẹ, con" in str(caught.value)
    assert ProcedurePage.objects.count() == 1 and ProcedurePage.objects.get().revisions.count() == 1
    forced = import_procedure(other, justice, force=True)
    assert forced.page.pk == first.page.pk and forced.outcome == "updated"
    assert ProcedurePage.objects.get().get_latest_revision_as_object().title == "Đăng ký khai tử"


def test_same_code_in_another_series_is_another_procedure(justice, factory_docx):
    import_procedure(factory_docx, justice)
    result = import_procedure(to_bytes(procedure(title="Chứng thực chữ ký")), justice, series="Chứng thực")
    assert result.outcome == "created" and ProcedurePage.objects.count() == 2


def test_a_code_held_by_another_kind_of_document_is_always_refused(justice_section, justice, factory_docx):
    justice_section.add_child(
        instance=ControlledDocumentPage(
            title="Hướng dẫn", document_type="instruction", iso_code="QT 05/CX-HCTP", series="Hộ tịch"
        )
    )
    with pytest.raises(CodeClash) as caught:
        import_procedure(factory_docx, justice, force=True)
    assert not caught.value.confirmable
    assert ProcedurePage.objects.count() == 0


def test_dry_run_writes_nothing(justice, factory_docx):
    result = import_procedure(factory_docx, justice, dry_run=True)
    assert result.outcome == "parsed" and result.parsed["code"] == "QT 05/CX-HCTP"
    assert ProcedurePage.objects.count() == 0


def _ole2(*streams):
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"".join(s.encode("utf-16-le") for s in streams)


def _docm(data):
    types = read_part(data, "[Content_Types].xml").replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    return replace_part(data, "[Content_Types].xml", types)


def _bomb(data):
    return replace_part(
        data,
        "word/document.xml",
        read_part(data, "word/document.xml"),
        {"word/pad.xml": b"<a>" + b" " * 150 * MB + b"</a>"},
    )


def _xxe(data):
    body = read_part(data, "word/document.xml")
    prolog = b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    return replace_part(data, "word/document.xml", prolog + body.split(b"?>", 1)[1])


BAD_INPUTS = {
    "legacy_doc": lambda data: _ole2("WordDocument"),
    "encrypted": lambda data: _ole2("EncryptedPackage"),
    "not_docx": lambda data: b"%PDF-1.7 not a word file",
    "macro": _docm,
    "zip_bomb": _bomb,
    "unsafe_xml": _xxe,
}


@pytest.mark.parametrize("code", BAD_INPUTS)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(justice, factory_docx, code):
    with pytest.raises(WordImportError) as caught:
        import_procedure(BAD_INPUTS[code](factory_docx), justice, filename="upload.docx")
    assert caught.value.code == code
    assert caught.value.message and caught.value.message[0].isupper()
    assert ProcedurePage.objects.count() == 0


def test_legacy_doc_message_suggests_converting(justice):
    with pytest.raises(WordImportError) as caught:
        import_procedure(_ole2("WordDocument"), justice)
    assert ".docx" in caught.value.message and "Lưu thành" in caught.value.message


def test_a_100_mb_upload_is_refused_before_it_is_read(justice, tmp_path):
    big = tmp_path / "big.docx"
    with open(big, "wb") as fh:
        fh.truncate(100 * MB)  # sparse: no 100 MB written to disk
    with pytest.raises(WordImportError) as caught:
        import_procedure(big, justice)
    assert caught.value.code == "too_large" and "100.0 MB" in caught.value.message
    assert ProcedurePage.objects.count() == 0


def test_a_file_without_a_header_imports_what_it_finds_with_warnings(justice):
    document = docx.Document()
    document.add_paragraph("1. MỤC ĐÍCH")
    document.add_paragraph("Hướng dẫn tiếp nhận hồ sơ.")
    result = import_procedure(to_bytes(document), justice, filename="khong-tieu-de.docx")
    assert any("mã hiệu" in w for w in result.warnings)
    assert result.page.title == "khong-tieu-de.docx" and result.page.purpose == "Hướng dẫn tiếp nhận hồ sơ."
    assert result.page.tthc_raw[RAW_KEY]["warnings"] == result.warnings


def test_legacy_vietnamese_encoding_is_converted_with_a_warning(justice):
    document = docx.Document()
    table = merge_header(
        add_table(
            document,
            [
                ["UBND X·", "QUY TR×NH", "M· hiÖu: QT 09/CX-HCTP"],
                [None, "", "LÇn ban hµnh: 01"],
                [None, None, "Ngµy ban hµnh: 07/7/2025"],
            ],
        )
    )
    table.cell(1, 1).paragraphs[0].text = "§¨ng ký khai sinh"
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.name = ".VnTime"
    result = import_procedure(to_bytes(document), justice)
    assert any("TCVN3" in w for w in result.warnings)
    assert result.page.iso_code == "QT 09/CX-HCTP" and result.page.title.startswith("Đăng")


def test_command_json_prints_only_json(justice, tmp_path, capsys):
    path = tmp_path / "qt05.docx"
    path.write_bytes(to_bytes(procedure()))
    call_command("import_docx", str(path), agency="XA-TEST", department="TUPHAP", dry_run=True, json=True)
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["code"] == "QT 05/CX-HCTP" and data["issued"] == "2024-03-15" and data["edition"] == "02"
    assert {"approvals", "steps", "forms", "records", "warnings"} <= set(data)
    assert ProcedurePage.objects.count() == 0


def test_command_imports_several_files_and_reports_failures(justice, tmp_path, capsys):
    good, bad = tmp_path / "qt05.docx", tmp_path / "old.doc"
    good.write_bytes(to_bytes(procedure()))
    bad.write_bytes(_ole2("WordDocument"))
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("import_docx", str(good), str(bad), agency="XA-TEST", department="TUPHAP", json=True)
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [d.get("error_code") for d in data] == [None, "legacy_doc"]
    assert "Word 97-2003" in err
    assert ProcedurePage.objects.count() == 1


def test_command_needs_a_known_department(justice, tmp_path):
    with pytest.raises(CommandError, match="No department"):
        call_command("import_docx", str(tmp_path / "x.docx"), agency="XA-TEST", department="NOPE")


@pytest.mark.skipif(not (REAL / "expected.jsonl").exists(), reason="shared procedures not available")
def test_real_procedures_with_one_code_in_three_series_become_three_drafts(justice):
    names = [
        "01. Đăng ký khai sinh.docx",
        "1.Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở.docx",
    ]
    for name in names:
        import_procedure(REAL / name, justice, filename=name)
    again = import_procedure(REAL / names[0], justice, filename=names[0])
    assert again.outcome == "updated"
    pages = ProcedurePage.objects.order_by("series")
    assert [(p.iso_code, p.series) for p in pages] == [("QT 01/CX-HCTP", "Chứng thực"), ("QT 01/CX-HCTP", "Hộ tịch")]


def test_command_still_prints_what_it_read_when_the_code_clashes(justice, tmp_path, capsys):
    import_procedure(to_bytes(procedure()), justice)
    path = tmp_path / "khac.docx"
    path.write_bytes(to_bytes(procedure(title="Đăng ký khai tử")))
    with pytest.raises(CommandError):
        call_command("import_docx", str(path), agency="XA-TEST", department="TUPHAP", dry_run=True, json=True)
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["error_code"] == "code_clash" and data["title"] == "Đăng ký khai tử" and data["steps"]
    assert "--force" in err
