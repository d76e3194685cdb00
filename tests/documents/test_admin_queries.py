"""A department head's admin pages cost the same number of queries with few or many documents."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import ProcedurePage
from documents.services.bulk import bulk_page_writes
from tests.documents.org import build_org


def add_documents(section, start, count):
    with bulk_page_writes(ProcedurePage):
        for n in range(start, start + count):
            page = ProcedurePage(title=f"Quy trình {n:03d}", iso_code=f"QT {n:03d}", change_summary="Ban hành")
            section.add_child(instance=page)
            page.save_revision().publish(skip_permission_checks=True)


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_the_number_of_documents(db, client):
    org = build_org()
    section = org.dept_a.section
    client.force_login(org.users["head_a"])
    add_documents(section, 0, 55)  # more than one explorer page (50 rows)
    sample = ProcedurePage.objects.order_by("pk").first()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[section.pk]),
        reverse("wagtailadmin_pages:edit", args=[sample.pk]),
        reverse("qms_document_report", args=[sample.pk]),
    ]
    before = [count_queries(client, url) for url in urls]
    add_documents(section, 55, 20)
    after = [count_queries(client, url) for url in urls]
    assert after == before
