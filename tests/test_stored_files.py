"""Stored files leave the server only through a view that checks their owner's permission (issue 11, class 1).

The walk at the end requests every URL pattern of the project (and of the DEBUG urlconf, the mode `make run`
serves), filled with the names and ids of hidden files, as an anonymous visitor and as staff of another
department, and fails if any answer carries a hidden file's bytes.
"""

from __future__ import annotations

import importlib
import itertools
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver
from wagtail.documents.models import Document

from documents.models import ProcedurePage
from records.services.integrity import create_record
from tests.documents.org import build_org, new_procedure, run_workflow

MARK = b"HIDDEN-FILE-BYTES-7f3a"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    org = build_org()
    approvers = [org.users["head_a"], org.users["officer"], org.users["leader"]]
    attachment = Document.objects.create(title="Tờ khai mật", file=ContentFile(MARK, name="to-khai.docx"))
    page = new_procedure(
        org.dept_a,
        "Quy trình hạn chế",
        org.users["staff_a"],
        visibility="restricted",
        forms=[("form", {"code": "BM.01", "name": "Tờ khai", "document": attachment})],
    )
    run_workflow(page, org.users["staff_a"], approvers)
    record = create_record(
        agency=org.agency,
        department=org.dept_a,
        title="Phiếu tiếp nhận BN-000001",
        file_name="BN-000001-phieu.docx",
        file_bytes=MARK + b" citizen name, address, lookup secret",
    )
    stray = default_storage.save("secret/ghi-chu.txt", ContentFile(MARK))
    return {
        "org": org,
        "page": ProcedurePage.objects.get(pk=page.pk),
        "attachment": attachment,
        "record": record,
        "names": [attachment.file.name, record.file.name, stray],
    }


def client_as(world, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["org"].users[role])
    return client


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_stored_names_carry_a_random_folder(world):
    record_name = world["record"].file.name
    assert re.fullmatch(r"records/\d{4}/\d{2}/[0-9a-f]{24}/BN-000001-phieu\.docx", record_name)
    again = create_record(
        agency=world["org"].agency,
        department=world["org"].dept_a,
        title="x",
        file_name="BN-000001-phieu.docx",
        file_bytes=b"x",
    )
    assert again.file.name != record_name


def test_file_urls_point_at_the_checked_view(world):
    assert world["record"].file.url.startswith("/tep/records/")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("staff_b", 403), ("staff_a", 200), ("officer", 200), ("superuser", 200)],
)
def test_record_file_follows_the_record_permission(world, role, expected):
    response = client_as(world, role).get(world["record"].file.url)
    assert response.status_code == expected
    assert (MARK in body(response)) is (expected == 200)
    if expected == 200:
        assert response["Cache-Control"] == "private, no-store"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("staff_b", 403), ("staff_a", 200), ("leader", 200)]
)
def test_attachment_follows_the_pages_that_use_it(world, role, expected):
    client = client_as(world, role)
    for url in (world["attachment"].file.url, world["attachment"].url):
        response = client.get(url)
        assert response.status_code == expected, url
        assert (MARK in body(response)) is (expected == 200)


@pytest.mark.parametrize(
    "name",
    [
        "secret/ghi-chu.txt",
        "records/../secret/ghi-chu.txt",
        "records/x/../../secret/ghi-chu.txt",
        "./records/a",
        "records//a",
        "records/%00",
        "word-imports/x.docx",
        "nothing-here",
    ],
)
def test_unclaimed_or_crooked_names_are_not_found(world, name):
    response = client_as(world, "superuser").get("/tep/" + name)
    assert response.status_code == 404
    assert MARK not in body(response)


def test_changing_methods_are_refused(world):
    response = client_as(world, "staff_a").post(world["record"].file.url)
    assert response.status_code == 405


# -- the walk over every URL pattern -------------------------------------------------------------------

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def leaf_routes(patterns, prefix=""):
    """Every leaf pattern as one route string (route syntax and regex syntax mixed as Django keeps them)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from leaf_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def fill(route: str, world) -> list[str]:
    names = world["names"]
    ids = sorted({str(world["record"].pk), str(world["attachment"].pk), str(world["page"].pk)})
    basenames = [name.rsplit("/", 1)[-1] for name in names]
    values = {"path": names, "int": ids, "str": basenames + ids, "slug": ["tep", "file"], None: basenames + ids}
    route = GROUP.sub(lambda m: f"<path:{m.group('name')}>", route)  # a regex group takes anything: a path
    route = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    slots = [values.get(m.group("converter"), names) for m in PARAM.finditer(route)]
    if not slots:
        return []
    urls = []
    for combo in itertools.islice(itertools.product(*slots), 40):
        values_left = iter(combo)
        url = PARAM.sub(lambda _m, left=values_left: next(left), route)
        if "(" in url or "[" in url or "?" in url:
            continue  # an unnamed regex group: nothing of ours
        urls.append("/" + url.lstrip("/"))
    return urls


def walk(world, patterns) -> list[str]:
    leaks = []
    clients = {role: client_as(world, role) for role in ("anonymous", "staff_b")}
    for route in sorted(set(leaf_routes(patterns))):
        for url in fill(route, world):
            for role, client in clients.items():
                response = client.get(url)
                if MARK in body(response):
                    leaks.append(f"{role} {url} ({route})")
    return leaks


def test_no_url_serves_a_hidden_file(world):
    leaks = walk(world, get_resolver().url_patterns)
    assert leaks == []


def test_no_url_serves_a_hidden_file_in_debug_mode(world):
    """`make run` serves the dev settings (DEBUG on): Django's static() helper must not be there either."""
    import qms.urls

    try:
        with override_settings(DEBUG=True):
            module = importlib.reload(qms.urls)
            clear_url_caches()
            leaks = walk(world, module.urlpatterns)
    finally:
        importlib.reload(qms.urls)
        clear_url_caches()
    assert leaks == []


def test_the_walk_finds_a_raw_media_route(world):
    """The walk is able to fail: a raw MEDIA_ROOT route, as Django's static() adds, is caught."""
    from django.conf import settings
    from django.conf.urls.static import static

    import qms.urls

    try:
        with override_settings(DEBUG=True):
            raw = static("/media/", document_root=settings.MEDIA_ROOT)
            qms.urls.urlpatterns = raw + qms.urls.urlpatterns
            clear_url_caches()
            leaks = walk(world, raw)
    finally:
        importlib.reload(qms.urls)
        clear_url_caches()
    assert any("/media/" in leak for leak in leaks)
