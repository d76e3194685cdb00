"""A small fixed corpus for search tests, built through the same publish path the app uses."""

import pytest
from django.core.cache import cache
from django.db import transaction

from documents.models import Agency, Department, ProcedurePage
from documents.services.tree import ensure_department_section

CORPUS = [
    # (title, tthc_code, field, extra fields)
    ("Đăng ký khai sinh", "1.001193", "Hộ tịch", {"purpose": "Cấp giấy khai sinh cho trẻ em."}),
    ("Khai báo sinh kế và đăng ký hộ nghèo", "1.000001", "Giảm nghèo", {}),
    ("Đăng ký kết hôn", "1.000894", "Hộ tịch", {"purpose": "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi được kết hôn."}),
    ("Xác nhận tình trạng hôn nhân", "1.004873", "Hộ tịch", {}),
    ("Thủ tục hòa giải tranh chấp đất đai", "1.000002", "Đất đai", {}),
    ("Thủ tục hóa giải hợp đồng", "1.000003", "Thương mại", {}),
    ("Đăng ký thường trú", "1.004222", "Đăng ký, quản lý cư trú", {}),
    ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "2.000815", "Chứng thực", {}),
    (
        "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        "1.013978",
        "Đất đai",
        {"scope": "Người sử dụng đất đề nghị cấp giấy chứng nhận."},
    ),
    ("Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên", "1.014061", "Cấp, quản lý căn cước", {}),
]


@pytest.fixture(autouse=True)
def fresh_cache():
    from search import throttle

    cache.clear()
    throttle.forget()  # the flood limit's memory of refused clients goes with the cache
    yield
    cache.clear()
    throttle.forget()


def build_corpus(section, items=CORPUS) -> dict:
    pages = {}
    for title, code, field, extra in items:
        page = ProcedurePage(
            title=title, tthc_code=code, tthc_field=field, tthc_levels="commune", visibility="public", **extra
        )
        section.add_child(instance=page)
        page.save_revision().publish()
        pages[code] = page
    return pages


@pytest.fixture(scope="module")
def shared_corpus(django_db_setup, django_db_blocker):
    """The corpus built once per module inside a transaction rolled back at the end (like TestCase.setUpClass)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            agency = Agency.objects.create(code="XA-TEST", name="Ủy ban nhân dân xã Thử Nghiệm")
            justice = Department.objects.create(agency=agency, code="TUPHAP", name="Tư pháp - Hộ tịch")
            yield build_corpus(ensure_department_section(justice))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def corpus(shared_corpus, db):
    """Read-only use of the shared corpus; changes a test makes are rolled back after it."""
    return shared_corpus


@pytest.fixture
def own_corpus(justice_section):
    """A corpus of the test's own, for tests that publish, move or delete."""
    return build_corpus(justice_section)


def codes(response):
    return [hit.tthc_code for hit in response.results]
