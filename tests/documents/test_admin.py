"""The Wagtail admin edits every page type and the organisation snippets, in Vietnamese."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from documents.models import Agency, AgencyLibraryPage, ControlledDocumentPage, Department, ProcedurePage
from documents.services.tree import ensure_portal_home
from tests.helpers import admin_form_data


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.invalid", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def tree(justice_section, make_procedure):
    procedure = make_procedure(
        justice_section,
        iso_code="QT 01/CX-HCTP",
        series="Hộ tịch",
        tthc_code="1.000893",
        steps=[("step", {"order": "B1", "step": "Tiếp nhận hồ sơ", "responsible": "Công chức một cửa", "time": "0,5 ngày"})],
        channels=[("channel", {"channel": "direct", "time_limit": "Ngay trong ngày", "fee": "Miễn"})],
    )
    document = ControlledDocumentPage(title="Chính sách chất lượng", document_type="policy", iso_code="CSCL")
    justice_section.add_child(instance=document)
    return {"section": justice_section, "procedure": procedure, "document": document}


def test_edit_pages_load_for_every_page_type(admin_client, tree):
    home = ensure_portal_home()
    library = AgencyLibraryPage.objects.get()
    for page in (home, library, tree["section"], tree["procedure"], tree["document"]):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
    body = admin_client.get(reverse("wagtailadmin_pages:edit", args=[tree["procedure"].pk])).content.decode()
    assert "Thủ tục hành chính" in body and "Hồ sơ cần lưu" in body


def test_add_pages_load_under_a_section(admin_client, tree):
    section = tree["section"]
    for model in ("procedurepage", "controlleddocumentpage"):
        url = reverse("wagtailadmin_pages:add", args=["documents", model, section.pk])
        assert admin_client.get(url).status_code == 200


def test_explorer_shows_the_tree(admin_client, tree):
    response = admin_client.get(reverse("wagtailadmin_explore", args=[tree["section"].pk]))
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in response.content.decode()


def test_admin_refuses_a_code_already_used_in_the_series(admin_client, tree):
    section = tree["section"]
    url = reverse("wagtailadmin_pages:add", args=["documents", "procedurepage", section.pk])
    form = admin_client.get(url).context["form"]
    data = admin_form_data(form, title="Trùng mã", slug="trung-ma", iso_code="QT  01/CX-HCTP", series="hộ tịch")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "đã được dùng cho" in response.content.decode()
    assert ProcedurePage.objects.filter(title="Trùng mã").count() == 0


def test_organisation_snippets_list_and_edit(admin_client, justice):
    for model, obj in ((Agency, justice.agency), (Department, justice)):
        opts = model._meta
        listing = admin_client.get(reverse(f"wagtailsnippets_{opts.app_label}_{opts.model_name}:list"))
        assert listing.status_code == 200
        assert obj.name in listing.content.decode()
        edit = admin_client.get(reverse(f"wagtailsnippets_{opts.app_label}_{opts.model_name}:edit", args=[obj.pk]))
        assert edit.status_code == 200


def test_guardian_anonymous_user_is_hidden_from_the_user_list(admin_client):
    from django.conf import settings

    assert get_user_model().objects.filter(username=settings.ANONYMOUS_USER_NAME).exists()
    body = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "boss" in body and settings.ANONYMOUS_USER_NAME not in body
