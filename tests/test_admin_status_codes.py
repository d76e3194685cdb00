"""Bad numbers in admin URLs answer 4xx or a normal page, never a 500 (issue 11, class 10).

Walks `tests.urlwalk.admin_routes()`: every admin listing with page numbers past any range, negative or not a
number (``p`` for Wagtail's listings, ``page`` for the admin search, ``trang`` for the one-stop queue), and
every admin route that takes an id with an id past the integer range (GET and POST), as a superuser and as
staff.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document

from tests.documents.org import build_org, new_procedure
from tests.urlwalk import admin_routes, fill, parameters

HUGE = str(10**30)
PAGE_NUMBERS = ["99999999999999999999", "-1", "abc", "0", "1e9"]
SKIPPED = ("logout", "failwhale", ".*")  # logging out ends the walk; failwhale is Wagtail's deliberate error page
NAMED = {"app_label": "documents", "model_name": "procedurepage", "content_type_app_name": "documents",
         "content_type_model_name": "procedurepage", "action": "delete", "action_name": "approve",
         "filter_spec": "original", "fmt": "xlsx", "name": "tiep-nhan"}  # fmt: skip


@pytest.fixture
def org(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    org = build_org()
    for n in range(3):
        new_procedure(org.dept_b, f"Quy trình {n}", org.users["staff_b"])
    Document.objects.create(title="Tờ khai", file=ContentFile(b"PK", name="bm.docx"))
    return org


def routes(with_ids: bool) -> list[str]:
    found = []
    for route in admin_routes():
        if any(skip in route for skip in SKIPPED):
            continue
        if bool(parameters(route)) is with_ids:
            found.append(route)
    return found


def errors(org, role, urls, methods=("get",)) -> list[str]:
    client = Client(raise_request_exception=False)
    client.force_login(org.users[role])
    found = []
    for url in urls:
        for method in methods:
            if (code := getattr(client, method)(url).status_code) >= 500:
                found.append(f"{code} {method.upper()} {url}")
    return found


@pytest.mark.parametrize("number", PAGE_NUMBERS)
@pytest.mark.parametrize("role", ["superuser", "staff_b"])
def test_page_numbers_in_every_admin_listing(org, role, number):
    query = f"?p={number}&page={number}&trang={number}"
    urls = [fill(route, {}) + query for route in routes(with_ids=False)]
    assert len(urls) > 50
    assert errors(org, role, urls) == []


@pytest.mark.parametrize("role", ["superuser", "staff_b"])
def test_ids_past_the_integer_range_in_every_admin_route(org, role):
    urls = []
    for route in routes(with_ids=True):
        values = {name: HUGE for name, kind in parameters(route) if kind == "int" or name in ("pk", "object_id")}
        urls.append(fill(route, {**NAMED, **values}))
    for many_digits in (HUGE, "9" * 5000):
        urls += [f"/admin/bulk/wagtailcore/page/delete/?id={many_digits}", f"/admin/pages/{many_digits}/edit/"]
        urls += [
            f"/admin/choose-page/chosen-multiple/?id={many_digits}",
            f"/admin/choose-page/?target_pages[]={many_digits}",
        ]
    assert any("/tai-lieu/" in url for url in urls) and len(urls) > 100
    assert errors(org, role, urls, methods=("get", "post")) == []
