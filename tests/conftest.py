"""Shared fixtures: a small organisation with its page tree, built with the same services the app uses."""

import pytest
from django.conf import settings

from documents.models import Agency, Department, ProcedurePage
from documents.services.tree import ensure_department_section

SHARED_DATA = settings.QMS_SHARED_DATA_DIR


@pytest.fixture(autouse=True)
def no_view_counts_across_tests():
    """Page views counted in this process belong to the test that made them (the database rolls back)."""
    from portal import caching

    caching._pending.clear()
    yield
    caching._pending.clear()


@pytest.fixture
def agency(db):
    return Agency.objects.create(code="XA-TEST", name="Ủy ban nhân dân xã Thử Nghiệm", short_name="UBND xã TN")


@pytest.fixture
def other_agency(db):
    return Agency.objects.create(code="STP-TEST", name="Sở Tư pháp tỉnh Thử", level="province")


@pytest.fixture
def justice(agency):
    return Department.objects.create(
        agency=agency, code="TUPHAP", name="Tư pháp - Hộ tịch", tthc_fields="Hộ tịch\nChứng thực"
    )


@pytest.fixture
def land(agency):
    return Department.objects.create(agency=agency, code="DIACHINH", name="Địa chính", tthc_fields="Đất đai")


@pytest.fixture
def one_stop(agency):
    return Department.objects.create(agency=agency, code="MOTCUA", name="Bộ phận Một cửa", is_one_stop=True)


@pytest.fixture
def justice_section(justice):
    return ensure_department_section(justice)


@pytest.fixture
def make_procedure():
    def make(section, title="Đăng ký khai sinh", **fields):
        fields.setdefault("visibility", "public")
        page = ProcedurePage(title=title, **fields)
        section.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make
