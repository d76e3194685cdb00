"""The admin upload: preview of what was parsed and every warning, then confirmation saves the draft."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import Client
from django.urls import reverse

from documents.models import ProcedurePage
from documents.services.roles import assign_role
from documents.views.word import UploadForm
from tests.documents.word.docx_factory import procedure, to_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def officer(client, justice, justice_section):
    user = get_user_model().objects.create_user("thuky", password="x", first_name="Thư", last_name="Ký")
    assign_role(user, "staff", justice.agency, justice)
    client.force_login(user)
    return user


def upload(client, justice, data=None, name="qt05.docx", **extra):
    file = SimpleUploadedFile(name, data if data is not None else to_bytes(procedure()), content_type=DOCX)
    return client.post(reverse("qms_word_import"), {"file": file, "department": justice.pk, **extra})


def confirm_fields(html: str) -> dict:
    form = html[html.index('action="' + reverse("qms_word_import_confirm")) :]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def test_upload_shows_the_preview_and_confirm_saves_a_draft(client, officer, justice):
    assert client.get(reverse("qms_word_import")).status_code == 200
    response = upload(client, justice)
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("QT 05/CX-HCTP", "Đăng ký nhận cha, mẹ, con", "Phạm Quốc Cường", "Thẩm tra hồ sơ", "05 năm"):
        assert text in html
    assert ProcedurePage.objects.count() == 0  # nothing saved before confirmation
    response = client.post(reverse("qms_word_import_confirm"), confirm_fields(html))
    page = ProcedurePage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.latest_revision.user == officer


def test_every_warning_is_shown(client, officer, justice):
    from documents.word.procedure_parser import parse_procedure

    data = to_bytes(procedure(records=None))
    warnings = parse_procedure(data)["warnings"]
    assert warnings
    html = upload(client, justice, data).content.decode()
    for warning in warnings:
        assert warning in html


def test_a_clash_needs_the_confirm_checkbox(client, officer, justice):
    client.post(reverse("qms_word_import_confirm"), confirm_fields(upload(client, justice).content.decode()))
    html = upload(client, justice, to_bytes(procedure(title="Đăng ký khai tử"))).content.decode()
    assert "đã thuộc quy trình" in html and 'name="confirm"' in html
    fields = confirm_fields(html)
    response = client.post(reverse("qms_word_import_confirm"), fields)
    assert response.status_code == 200 and ProcedurePage.objects.get().revisions.count() == 1
    response = client.post(reverse("qms_word_import_confirm"), {**fields, "confirm": "on"})
    assert response.status_code == 302 and ProcedurePage.objects.get().revisions.count() == 2


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "cu.docx", "Word 97-2003"),
        (b"%PDF-1.5", "scan.docx", "không phải là tệp Word"),
        (b"PK\x03\x04", "qt.pdf", "Chỉ nhận tệp Word .docx"),
    ],
)
def test_bad_files_are_refused_in_the_form(client, officer, justice, data, name, message):
    response = upload(client, justice, data, name=name)
    assert response.status_code == 200 and message in response.content.decode()
    assert ProcedurePage.objects.count() == 0


def test_a_100_mb_upload_is_refused_by_size(justice, tmp_path):
    path = tmp_path / "big.docx"
    with open(path, "wb") as fh:
        fh.truncate(100 * 1024 * 1024)
    with open(path, "rb") as fh:
        big = UploadedFile(fh, name="big.docx", content_type=DOCX, size=100 * 1024 * 1024)
        form = UploadForm({"department": justice.pk}, {"file": big}, departments=[justice])
        assert not form.is_valid()
    assert "100.0 MB" in form.errors["file"][0]


def test_csrf_is_enforced(officer, justice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert upload(client, justice).status_code == 403


def test_only_users_who_may_add_pages_in_the_section(client, justice, justice_section, land):
    outsider = get_user_model().objects.create_user("khac", password="x")
    assign_role(outsider, "staff", land.agency, land)
    client.force_login(outsider)
    assert client.get(reverse("qms_word_import")).status_code == 200  # may import into their own department
    response = upload(client, justice)
    assert "department" in response.context["form"].errors  # but not into another department's section
    assert ProcedurePage.objects.count() == 0
    nobody = get_user_model().objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get(reverse("qms_word_import")).status_code in (302, 403)


def test_a_confirmation_token_is_bound_to_its_user(client, officer, justice):
    fields = confirm_fields(upload(client, justice).content.decode())
    other = get_user_model().objects.create_user("ke-khac", password="x")
    assign_role(other, "staff", justice.agency, justice)
    client.force_login(other)
    assert client.post(reverse("qms_word_import_confirm"), fields).status_code in (302, 403)
    fields["token"] = fields["token"][:-2] + "xx"
    assert client.post(reverse("qms_word_import_confirm"), fields).status_code in (302, 403)
    assert ProcedurePage.objects.count() == 0


def test_an_oversized_upload_is_stopped_while_it_is_received(client, officer, justice):
    response = upload(client, justice, b"PK\x03\x04" + b"\0" * (21 * 1024 * 1024), name="lon.docx")
    assert response.status_code == 200
    assert "Tệp quá lớn; giới hạn là 20 MB." in response.content.decode()
    assert ProcedurePage.objects.count() == 0
