"""Editions on the site and in the admin: stable URLs, obsolete stamp, comparison, acknowledgement, audit."""

import json

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from documents.models import Acknowledgement, ControlledDocumentPage, ProcedurePage
from documents.permissions import can_view, grant_view, revoke_view
from documents.services.tree import ensure_department_section
from tests.documents.org import build_org, new_procedure, revise, run_workflow
from tests.helpers import admin_form_data


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def issued_twice(org):
    approvers = [org.users["head_a"], org.users["officer"], org.users["leader"]]
    page = new_procedure(org.dept_a, "Chứng thực bản sao", org.users["staff_a"], purpose="Mục đích cũ")
    run_workflow(page, org.users["staff_a"], approvers)
    revise(page, org.users["staff_a"], "Cập nhật Nghị định 07/2025", change_legal_basis="NĐ 07/2025/NĐ-CP",
           purpose="Mục đích mới")
    run_workflow(page, org.users["staff_a"], approvers)
    return ProcedurePage.objects.get(pk=page.pk)


def test_obsolete_edition_is_stamped_and_links_to_the_current_one(org, client, issued_twice):
    client.force_login(org.users["staff_b"])
    old = client.get(reverse("documents:edition", args=[issued_twice.pk, 1])).content.decode()
    assert "HẾT HIỆU LỰC" in old and "Mục đích cũ" in old and issued_twice.url in old
    current = client.get(reverse("documents:edition", args=[issued_twice.pk, 2])).content.decode()
    assert "HẾT HIỆU LỰC" not in current and "Mục đích mới" in current
    live = client.get(issued_twice.url).content.decode()
    assert "Lần ban hành 02" in live and reverse("documents:edition", args=[issued_twice.pk, 1]) in live


def test_obsolete_editions_are_not_for_the_public(client, issued_twice):
    ProcedurePage.objects.filter(pk=issued_twice.pk).update(visibility="public")
    response = client.get(reverse("documents:edition", args=[issued_twice.pk, 1]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_comparison_shows_what_changed(org, client, issued_twice):
    client.force_login(org.users["officer"])
    response = client.get(reverse("documents:edition_compare", args=[issued_twice.pk, 1, 2]))
    rows = {row["label"]: (row["before"], row["after"]) for row in response.context["rows"]}
    assert rows["1. mục đích"] == ("Mục đích cũ", "Mục đích mới")
    assert "Tiêu đề" not in rows  # unchanged sections are left out
    body = response.content.decode()
    assert "Cập nhật Nghị định 07/2025" in body and "diff_chg" in body


def test_acknowledging_twice_records_once_and_the_officer_sees_who_has_not_read(org, client, issued_twice):
    client.force_login(org.users["staff_a"])
    url = reverse("documents:acknowledge", args=[issued_twice.pk, 2])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Acknowledgement.objects.filter(user=org.users["staff_a"]).count() == 1
    assert client.get(url).status_code == 405  # only POST, with CSRF

    client.force_login(org.users["officer"])
    report = client.get(reverse("qms_document_report", args=[issued_twice.pk]))
    assert report.status_code == 200
    unread = [u.username for u in report.context["unread"]]
    assert unread == ["head_a"] and [u.username for u in report.context["read"]] == ["staff_a"]
    actions = set(PageLogEntry.objects.filter(page=issued_twice).values_list("action", flat=True))
    assert {"qms.acknowledge", "wagtail.publish", "wagtail.workflow.approve"} <= actions


def test_the_report_is_closed_to_other_departments(org, client, issued_twice):
    client.force_login(org.users["staff_b"])
    response = client.get(reverse("qms_document_report", args=[issued_twice.pk]))
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "permission denied"


def test_only_the_quality_officer_withdraws(org, client, issued_twice):
    url = reverse("qms_document_withdraw", args=[issued_twice.pk])
    client.force_login(org.users["head_a"])
    assert client.post(url, {"reason": "Bãi bỏ"})["Location"] == "/admin/"
    issued_twice.refresh_from_db()
    assert issued_twice.live
    client.force_login(org.users["officer"])
    client.post(url, {"reason": "Bãi bỏ"})
    issued_twice.refresh_from_db()
    assert not issued_twice.live
    # Still readable to staff as an edition, stamped withdrawn.
    client.force_login(org.users["staff_a"])
    body = client.get(reverse("documents:edition", args=[issued_twice.pk, 2])).content.decode()
    assert "ĐÃ THU HỒI" in body


def test_guardian_grant_opens_a_restricted_document_and_is_logged(org, issued_twice):
    ProcedurePage.objects.filter(pk=issued_twice.pk).update(visibility="restricted")
    page = ProcedurePage.objects.get(pk=issued_twice.pk)
    outsider = org.users["staff_b"]
    assert not can_view(outsider, page)
    grant_view(page, outsider, by=org.users["officer"])
    assert can_view(outsider, page)
    revoke_view(page, outsider, by=org.users["officer"])
    assert not can_view(outsider, page)
    assert PageLogEntry.objects.filter(page=page, action="qms.permission_change").count() == 2


def test_a_public_document_may_not_link_to_a_restricted_one(org, client):
    section = ensure_department_section(org.dept_a)
    secret = ControlledDocumentPage(title="Hướng dẫn nội bộ", document_type="instruction", visibility="restricted")
    section.add_child(instance=secret)
    public = ControlledDocumentPage(title="Chính sách", document_type="policy", visibility="public")
    section.add_child(instance=public)
    client.force_login(org.users["officer"])
    url = reverse("wagtailadmin_pages:edit", args=[public.pk])
    form = client.get(url).context["form"]
    body = json.dumps({
        "blocks": [{"key": "a1", "text": "Xem hướng dẫn", "type": "unstyled", "depth": 0, "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 4, "length": 9, "key": 0}]}],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": secret.pk, "url": secret.url}}},
    })
    response = client.post(url, admin_form_data(form, body=body, **{"action-submit": "1"}))
    assert "không được liên kết" in response.content.decode()
    public.refresh_from_db()
    assert public.get_latest_revision() is None or "linktype" not in str(public.get_latest_revision().content)


def test_the_officer_grants_and_revokes_access_from_the_report(org, client, issued_twice):
    ProcedurePage.objects.filter(pk=issued_twice.pk).update(visibility="restricted")
    url = reverse("qms_document_access", args=[issued_twice.pk])
    client.force_login(org.users["head_a"])
    assert client.post(url, {"username": "staff_b"})["Location"] == "/admin/"
    assert not can_view(org.users["staff_b"], issued_twice)
    client.force_login(org.users["officer"])
    client.post(url, {"username": "staff_b", "action": "grant"})
    assert can_view(org.users["staff_b"], issued_twice)
    client.post(url, {"username": "staff_b", "action": "revoke"})
    assert not can_view(org.users["staff_b"], issued_twice)
    response = client.post(url, {"username": "nobody", "action": "grant"}, follow=True)
    assert "Không tìm thấy" in response.content.decode()
    entries = PageLogEntry.objects.filter(page=issued_twice, action="qms.permission_change")
    assert entries.count() == 2 and all(e.user == org.users["officer"] for e in entries)
