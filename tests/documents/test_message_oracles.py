"""Messages are no oracle (issue 11, class 3): a refusal says the code or the link is not allowed, and names
the document that holds it only to a user who may open that document.

Tried as staff of department B against department A's restricted procedure (its code, national code and page
id), with department A's staff and the quality officer as the users who may be told its name.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from documents.models import ProcedurePage
from documents.services.word_import import CodeClash, import_procedure, parse_upload
from tests.documents.org import build_org, new_procedure
from tests.documents.word.docx_factory import procedure, to_bytes
from tests.helpers import admin_form_data

SECRET = "MẬTMÃA"
CODE, SERIES, TTHC = "QT 05/CX-HCTP", "Hộ tịch", "1.000893"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def world(db):
    org = build_org()
    hidden = new_procedure(
        org.dept_a, f"Quy trình {SECRET}", org.users["staff_a"], visibility="restricted",
        iso_code=CODE, series=SERIES, tthc_code=TTHC,
    )  # fmt: skip
    own = {
        key: new_procedure(getattr(org, f"dept_{key}"), f"Quy trình công khai {key}", org.users[f"staff_{key}"],
                           visibility="public")
        for key in ("a", "b")
    }  # fmt: skip
    return {"org": org, "hidden": hidden, "own": own}


def edit_own(world, role: str, **changes):
    """``role`` saves their department's public procedure with ``changes``; the form's errors, as text."""
    page = world["own"]["a" if role in ("staff_a", "officer") else "b"]
    client = Client()
    client.force_login(world["org"].users[role])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, admin_form_data(client.get(url).context["form"], **changes))
    assert response.status_code == 200, "the form should answer with its errors, not save or fail"
    return " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)


@pytest.mark.parametrize(("role", "named"), [("staff_b", False), ("staff_a", True), ("officer", True)])
def test_a_code_in_use_names_its_holder_only_to_those_who_may_open_it(world, role, named):
    message = edit_own(world, role, iso_code=CODE, series=SERIES)
    assert CODE in message and "đã được dùng" in message
    assert (SECRET in message) is named


@pytest.mark.parametrize(("role", "named"), [("staff_b", False), ("staff_a", True)])
def test_a_national_code_in_use_is_a_clear_refusal_not_a_server_error(world, role, named):
    message = edit_own(world, role, tthc_code=TTHC)
    assert TTHC in message and "đã được dùng" in message
    assert (SECRET in message) is named


def link_to(page_id) -> str:
    return f'Xem <a linktype="page" id="{page_id}">quy trình liên quan</a>.'


@pytest.mark.parametrize(("role", "named"), [("staff_b", False), ("staff_a", True)])
def test_a_public_document_linking_to_a_hidden_one(world, role, named):
    message = edit_own(world, role, purpose=link_to(world["hidden"].pk))
    assert "Tài liệu công khai không được liên kết" in message
    assert (SECRET in message) is named


def test_a_hidden_page_and_a_missing_one_get_the_same_refusal(world):
    """Otherwise the refusal tells which ids are hidden documents."""
    missing = ProcedurePage.objects.order_by("-pk").first().pk + 1000
    hidden = edit_own(world, "staff_b", purpose=link_to(world["hidden"].pk))
    absent = edit_own(world, "staff_b", purpose=link_to(missing))
    assert hidden.replace(str(world["hidden"].pk), "N") == absent.replace(str(missing), "N")


# -- the Word import's code clash ------------------------------------------------------------------------


def docx(title="Đăng ký nhận cha, mẹ, con") -> bytes:
    return to_bytes(procedure(code=CODE, title=title))


@pytest.mark.parametrize("title", ["Đăng ký nhận cha, mẹ, con", f"Quy trình {SECRET}"])
def test_the_import_never_names_nor_updates_a_hidden_holder(world, title):
    """A different title (would ask to confirm) or the same one (would update that draft): both refused."""
    staff_b, hidden = world["org"].users["staff_b"], world["hidden"]
    parsed = parse_upload(docx(title))
    for force in (False, True):
        with pytest.raises(CodeClash) as caught:
            import_procedure(None, world["org"].dept_b, parsed=parsed, force=force, viewer=staff_b, user=staff_b)
        assert CODE in str(caught.value) and SECRET not in str(caught.value)
        assert not caught.value.confirmable
    assert ProcedurePage.objects.get(pk=hidden.pk).latest_revision_id == hidden.latest_revision_id


def test_the_import_names_the_holder_to_those_who_may_open_it(world):
    parsed = parse_upload(docx())
    with pytest.raises(CodeClash) as caught:
        import_procedure(None, world["org"].dept_a, parsed=parsed, viewer=world["org"].users["staff_a"])
    assert SECRET in str(caught.value) and caught.value.confirmable
    with pytest.raises(CodeClash) as caught:  # the command line: the operator is told
        import_procedure(None, world["org"].dept_b, parsed=parsed)
    assert SECRET in str(caught.value)


@pytest.mark.parametrize(("role", "named"), [("staff_b", False), ("staff_a", True)])
def test_the_import_preview(world, role, named):
    org = world["org"]
    client = Client()
    client.force_login(org.users[role])
    department = org.dept_a if role == "staff_a" else org.dept_b
    file = SimpleUploadedFile("qt.docx", docx(title="Tên khác hẳn"), content_type=DOCX)
    response = client.post(reverse("qms_word_import"), {"file": file, "department": department.pk})
    html = response.content.decode()
    assert response.status_code == 200 and CODE in html
    assert (SECRET in html) is named
    assert bool(re.search(r'name="confirm"', html)) is named  # nothing to confirm about a hidden holder
