"""Hostile Word files on every road that opens one: the admin import, import_docx, form templates, attachments.

Each road must answer with the safety layer's Vietnamese refusal (never a 500) and store nothing.
"""

import tracemalloc

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from wagtail.documents.models import Document
from wagtail.models import Page, Revision

from documents.models import FormTemplate, ProcedurePage
from documents.services.roles import assign_role
from documents.views.word import STASH
from documents.word.errors import WordImportError
from documents.word.safety import check_container
from tests.documents.word import hostile

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ROAD_CASES = [name for name in hostile.CASES if name != "empty file"]  # Django's own form refuses an empty file


@pytest.fixture(scope="module")
def files() -> dict:
    good = hostile.good()
    return {name: make(good) for name, (make, _code) in hostile.CASES.items()}


def refusal_of(data: bytes) -> WordImportError:
    with pytest.raises(WordImportError) as caught:
        check_container(data)
    return caught.value


@pytest.fixture
def staff(client, justice, justice_section):
    user = get_user_model().objects.create_user("canbo", password="x")
    assign_role(user, "staff", justice.agency, justice)
    client.force_login(user)
    return user


def stashed() -> int:
    try:
        return len(default_storage.listdir(STASH)[1])
    except FileNotFoundError:
        return 0


def stored() -> tuple:
    return Page.objects.count(), Revision.objects.count(), ProcedurePage.objects.count(), stashed()


@pytest.mark.parametrize("name", ROAD_CASES)
def test_admin_upload_refuses_with_the_message_and_stores_nothing(client, staff, justice, files, name):
    before = stored()
    upload = SimpleUploadedFile("quy-trinh.docx", files[name], content_type=DOCX)
    response = client.post(reverse("qms_word_import"), {"file": upload, "department": justice.pk})
    assert response.status_code == 200
    assert escape(refusal_of(files[name]).message) in response.content.decode()
    assert stored() == before


def test_admin_upload_of_an_empty_file_is_refused(client, staff, justice):
    before = stored()
    upload = SimpleUploadedFile("rong.docx", b"", content_type=DOCX)
    response = client.post(reverse("qms_word_import"), {"file": upload, "department": justice.pk})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert stored() == before


@pytest.mark.parametrize(
    "name",
    ["central directory lies: 1 kB declared, 1 GiB inside", "bad CRC", "DOCTYPE in a main part named word/main.dat"],
)
def test_import_docx_command_refuses_and_writes_nothing(justice, justice_section, files, name, tmp_path, capsys):
    path = tmp_path / "quy-trinh.docx"
    path.write_bytes(files[name])
    before = stored()
    with pytest.raises(CommandError, match="not imported"):
        call_command("import_docx", str(path), agency=justice.agency.code, department=justice.code)
    assert refusal_of(files[name]).message in capsys.readouterr().err
    assert stored() == before


@pytest.mark.parametrize(
    "name", ["bad CRC", "unknown compression method 99", "DOCTYPE in a .rels part", "10,000 parts"]
)
def test_a_hostile_form_template_is_refused_in_the_admin(client, admin_user, agency, files, name):
    document = Document.objects.create(title="BM xấu", file=ContentFile(files[name], name="bm.docx"))
    client.force_login(admin_user)
    url = reverse(FormTemplate.snippet_viewset.get_url_name("add"))
    response = client.post(url, {"agency": agency.pk, "code": "BM.09", "name": "Mẫu xấu", "document": document.pk})
    assert response.status_code == 200
    assert escape(refusal_of(files[name]).message) in response.content.decode()
    assert not FormTemplate.objects.exists()


def test_a_template_swapped_after_its_check_falls_back_to_the_default_slip(agency, files):
    """A Wagtail document can be given a new file after its template was checked: the slip is still issued."""
    from records.services import slips

    document = Document.objects.create(title="BM", file=ContentFile(files["bad CRC"], name="bm.docx"))
    FormTemplate.objects.create(agency=agency, code=slips.SLIPS["receipt"].code, name="Giấy hẹn", document=document)
    filled = slips.render(agency, "receipt", {"receipt_number": "000123.XA-TEST", "applicant_name": "Nguyễn Văn B"})
    assert b"word/document.xml" in filled


def test_a_hostile_attachment_is_not_indexed_and_never_inflated(db, files):
    from search.indexing import attachment_text

    document = Document.objects.create(
        title="đính kèm", file=ContentFile(files["central directory lies: 1 kB declared, 1 GiB inside"], name="a.docx")
    )
    tracemalloc.start()
    try:
        assert attachment_text(document) == ""
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, peak
