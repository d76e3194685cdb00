"""Controlled-copy export: layout, stamps, the round trip through the parser, copies recorded, permissions."""

import io
from pathlib import Path

import docx
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageLogEntry

from documents.models import ControlledCopy, Edition
from documents.services import word_export
from documents.services.editions import EditionRefused
from documents.services.word_import import import_procedure
from documents.word.procedure_parser import parse_procedure
from documents.word.procedure_writer import write_procedure
from tests.documents.word.docx_factory import procedure, to_bytes

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "iso-procedures"
SAME = [
    "code", "title", "edition", "issued", "approvals", "amendments", "purpose", "scope", "references", "definitions",
    "dossier_components", "dossier_quantity", "time_limit", "fees", "place", "legal_bases", "forms", "records",
]  # fmt: skip
STEP_KEYS = ("order", "step", "responsible", "time", "time_alt")


def structure(parsed: dict) -> dict:
    out = {k: parsed.get(k) for k in SAME}
    out["steps"] = [{k: s.get(k, "") for k in STEP_KEYS} for s in parsed["steps"]]
    out["step_time_headers"] = parsed["step_time_headers"][:2]
    return out


def header_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return document.sections[0].header._element.xml


@pytest.mark.skipif(not (REAL / "expected.jsonl").exists(), reason="shared procedures not available")
@pytest.mark.parametrize("path", sorted(REAL.glob("*.docx")), ids=lambda p: p.name[:30])
def test_round_trip_of_real_procedures(path):
    original = parse_procedure(path)
    again = parse_procedure(write_procedure(original, ["BẢN KIỂM SOÁT", "Bản số: 01 – Nơi nhận: Phòng Tư pháp"]))
    assert structure(again) == structure(original)


@pytest.fixture
def issued(justice):
    """The factory procedure imported, then published through Wagtail: edition 02 is current."""
    page = import_procedure(to_bytes(procedure()), justice).page
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


def test_an_issued_edition_exports_and_reads_back_the_same(issued):
    edition = Edition.objects.get(page=issued)
    export = word_export.render(issued, edition)
    assert structure(parse_procedure(export.data)) == structure(parse_procedure(to_bytes(procedure())))
    assert export.filename.endswith(".docx") and "lan-02" in export.filename


def test_header_repeats_code_edition_date_and_page_fields(issued):
    xml = header_text(word_export.render(issued).data)
    for text in ("Mã hiệu: QT 05/CX-HCTP", "Lần ban hành: 02", "Ngày ban hành: 15/03/2024", " PAGE ", " NUMPAGES "):
        assert text in xml
    assert "Bản không kiểm soát khi in" in xml


def test_controlled_copy_is_numbered_stamped_and_recorded(issued, admin_user):
    first, export = word_export.issue_controlled_copy(issued, "Phòng Tư pháp", admin_user)
    second, _ = word_export.issue_controlled_copy(issued, "Bộ phận Một cửa", admin_user)
    assert (first.number, second.number) == (1, 2)
    xml = header_text(export.data)
    assert "BẢN KIỂM SOÁT" in xml and "Bản số: 01" in xml and "Phòng Tư pháp" in xml
    assert "không kiểm soát" not in xml
    assert ControlledCopy.objects.filter(edition__page=issued).count() == 2
    entry = PageLogEntry.objects.filter(page=issued, action="qms.controlled_copy").latest("timestamp")
    assert entry.user == admin_user and entry.data["copy"] == 2


def test_no_controlled_copy_without_a_recipient_or_a_current_edition(justice, issued, admin_user):
    with pytest.raises(EditionRefused):
        word_export.issue_controlled_copy(issued, "  ", admin_user)
    draft = import_procedure(to_bytes(procedure(code="QT 06/CX-HCTP", title="Khác")), justice).page
    with pytest.raises(EditionRefused):
        word_export.issue_controlled_copy(draft, "Phòng Tư pháp", admin_user)


def test_obsolete_edition_is_stamped_expired(issued):
    issued.change_summary = "Sửa bước 2"
    issued.save_revision().publish()
    old = Edition.objects.get(page=issued, number=2)
    assert not old.is_current
    xml = header_text(word_export.render(issued, old).data)
    assert "HẾT HIỆU LỰC" in xml and "Lần ban hành: 02" in xml
    current = Edition.objects.get(page=issued, state="current")
    assert current.number == 3 and "HẾT HIỆU LỰC" not in header_text(word_export.render(issued, current).data)


def test_amendment_log_falls_back_to_the_edition_history(issued):
    issued.change_summary = "Sửa bước 2"
    issued.change_legal_basis = "Nghị định 120/2025/NĐ-CP"
    issued.save_revision().publish()
    parsed = parse_procedure(word_export.render(issued, Edition.objects.get(page=issued, state="current")).data)
    assert [(a["number"], a["summary"], a["legal_basis"]) for a in parsed["amendments"]] == [
        ("03", "Sửa bước 2", "Nghị định 120/2025/NĐ-CP")
    ]


def test_downloads_follow_the_document_permissions(client, issued):
    url = reverse("documents:download_docx", args=[issued.pk])
    assert issued.visibility == "internal"
    assert client.get(url).status_code == 404  # anonymous: internal document
    issued.visibility = "public"
    issued.change_summary = "Công khai quy trình"
    issued.save_revision().publish()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Bản không kiểm soát khi in" in header_text(response.content)
    assert client.get(url + "?lan=2").status_code == 404  # superseded edition: staff only
    assert client.get(url + "?lan=99").status_code == 404


def test_staff_of_the_agency_may_download_obsolete_editions(client, issued, justice):
    from documents.services.roles import assign_role

    issued.change_summary = "Sửa"
    issued.save_revision().publish()
    user = get_user_model().objects.create_user("canbo", password="x")
    assign_role(user, "staff", justice.agency, justice)
    client.force_login(user)
    response = client.get(reverse("documents:download_docx", args=[issued.pk]) + "?lan=2")
    assert response.status_code == 200 and "HẾT HIỆU LỰC" in header_text(response.content)


def test_issue_copy_view(client, issued, admin_user):
    url = reverse("qms_controlled_copy", args=[issued.pk])
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"recipient": "Phòng Văn hóa"})
    assert response.status_code == 200 and "BẢN KIỂM SOÁT" in header_text(response.content)
    assert "Phòng Văn hóa" in client.get(url).content.decode()


def test_issue_copy_view_needs_edit_permission(client, issued):
    """An outsider cannot issue a copy: refused, or not found when they may not even view the document."""
    user = get_user_model().objects.create_user("nguoi-ngoai", password="x")
    client.force_login(user)
    assert client.post(reverse("qms_controlled_copy", args=[issued.pk]), {"recipient": "X"}).status_code in (
        302,
        403,
        404,
    )
    assert ControlledCopy.objects.count() == 0


def test_other_controlled_documents_export_with_their_type(justice_section):
    from documents.models import ControlledDocumentPage

    manual = ControlledDocumentPage(
        title="Sổ tay chất lượng",
        document_type="manual",
        iso_code="ST-01",
        summary="Phạm vi hệ thống",
        body="<p>Nội dung</p>",
    )
    justice_section.add_child(instance=manual)
    data = word_export.render(manual).data
    assert "SỔ TAY CHẤT LƯỢNG" in header_text(data)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Phạm vi hệ thống" in paragraphs and "Nội dung" in paragraphs


def test_document_admin_shows_the_word_buttons(client, issued, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[issued.pk])).content.decode()
    assert reverse("qms_controlled_copy", args=[issued.pk]) in html
    assert reverse("documents:download_docx", args=[issued.pk]) in html
