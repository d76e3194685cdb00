"""Nobody finds what they may not open; the index follows publish, unpublish, delete, move and reindex."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from documents.models import Department
from documents.services.tree import ensure_department_section
from search.models import SearchEntry, SearchTerm
from search.service import search

from .conftest import codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(agency, make_procedure):
    dept = Department.objects.create(agency=agency, code="NOIBO", name="Nội bộ")
    section = ensure_department_section(dept)
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    return make_procedure(section, "Quy trình mật đăng ký khai sinh nội bộ", tthc_code="9.999999")


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("canbo", password="x")


def test_restricted_document_never_reaches_the_public(own_corpus, restricted, client):
    assert SearchEntry.objects.filter(pk=restricted.pk).exists()
    assert "9.999999" not in codes(search("quy trình mật đăng ký khai sinh nội bộ"))
    body = client.get("/api/v1/search/", {"q": "quy trình mật nội bộ", "limit": 50}).json()
    assert "9.999999" not in [r["tthc_code"] for r in body["results"]]
    departments = [f["value"] for f in body["facets"]["department"]]
    assert "NOIBO" not in departments


def test_staff_find_what_they_may_open(own_corpus, restricted, staff, client):
    assert codes(search("quy trình mật nội bộ", user=staff))[0] == "9.999999"
    client.force_login(staff)
    body = client.get("/api/v1/search/", {"q": "quy trình mật nội bộ"}).json()
    assert body["results"][0]["tthc_code"] == "9.999999"


def test_restricted_documents_do_not_crowd_out_public_ones(agency, make_procedure, justice_section):
    dept = Department.objects.create(agency=agency, code="NOIBO", name="Nội bộ")
    section = ensure_department_section(dept)
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    for i in range(5):
        make_procedure(section, f"Đăng ký khai sinh nội bộ {i}", tthc_code=f"9.00000{i}")
    make_procedure(justice_section, "Đăng ký khai sinh", tthc_code="1.001193")
    assert codes(search("đăng ký khai sinh nội bộ", limit=1)) == ["1.001193"]


def test_unpublish_removes_and_republish_restores(own_corpus):
    page = own_corpus["1.004222"]
    page.unpublish()
    assert "1.004222" not in codes(search("đăng ký thường trú"))
    page.change_summary = "Đăng lại"
    page.save_revision().publish()
    assert codes(search("đăng ký thường trú"))[0] == "1.004222"


def test_draft_changes_are_not_searchable_until_published(own_corpus):
    page = own_corpus["1.004222"]
    page.title = "Đăng ký thường trú khẩn cấp"
    page.change_summary = "Đổi tên"
    page.save_revision()
    assert "1.004222" not in codes(search("khẩn cấp"))
    page.get_latest_revision().publish()
    assert codes(search("khẩn cấp"))[0] == "1.004222"


def test_delete_removes_from_index(own_corpus):
    page = own_corpus["1.004873"]
    pk = page.pk
    from documents.models.editions import Edition

    Edition.objects.filter(page=page).delete()  # editions protect pages; this test is about the index
    page.delete()
    assert not SearchEntry.objects.filter(pk=pk).exists()
    assert "1.004873" not in codes(search("xác nhận tình trạng hôn nhân"))


def test_move_updates_department_and_url(own_corpus, land):
    page = own_corpus["1.013978"]
    target = ensure_department_section(land)
    page.move(target, pos="last-child")
    entry = SearchEntry.objects.get(pk=page.pk)
    assert entry.department_code == "DIACHINH"
    assert entry.url.startswith(target.url)


def test_reindex_command_rebuilds_everything(own_corpus):
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
    assert search("khai sinh").total == 0
    call_command("search_reindex", backend="database")
    assert SearchEntry.objects.count() == len(own_corpus)
    assert SearchTerm.objects.filter(term="khai sinh").exists()
    assert codes(search("dang ky khai sinh"))[0] == "1.001193"
