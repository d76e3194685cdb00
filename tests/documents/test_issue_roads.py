"""Every Wagtail road to issuing or withdrawing a controlled document outside the approval workflow, tried
by a superuser: bulk actions, copy, the unpublish view, the edit and create views' publish, move, alias,
scheduled expiry and code calling unpublish(). After each: the page's state and the edition table."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import Page, PageLogEntry

from documents.issue_control import IssueRefused
from documents.models import Edition, EditionState, ProcedurePage
from tests.documents.org import build_org, new_procedure, run_workflow
from tests.helpers import admin_form_data


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def issued(org):
    page = new_procedure(
        org.dept_a,
        "Đăng ký khai sinh",
        org.users["staff_a"],
        iso_code="QT 01/HT",
        tthc_code="1.000893",
        visibility="public",
    )
    run_workflow(page, org.users["staff_a"], [org.users["head_a"], org.users["officer"], org.users["leader"]])
    return ProcedurePage.objects.get(pk=page.pk)


@pytest.fixture
def draft(org):
    return new_procedure(org.dept_a, "Bản nháp chưa duyệt", org.users["staff_a"], change_summary="Ban hành lần đầu")


@pytest.fixture
def root(org, client):
    client.force_login(org.users["superuser"])
    return client


def bulk(client, action, *pages, **data):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
    query = "&".join(f"id={p.pk}" for p in pages)
    return client.post(f"{url}?{query}&next=/admin/", data, follow=True)


def still_issued(page, editions=1):
    page = ProcedurePage.objects.get(pk=page.pk)
    assert page.live
    assert Edition.objects.filter(page=page).count() == editions
    assert Edition.objects.get(page=page, state=EditionState.CURRENT).revision_id == page.live_revision_id


def never_issued(page):
    assert not ProcedurePage.objects.get(pk=page.pk).live
    assert not Edition.objects.filter(page_id=page.pk).exists()


def text(response) -> str:
    return response.content.decode()


def test_nobody_holds_publish_or_unpublish_on_a_document_not_even_a_superuser(org, issued):
    root_user = org.users["superuser"]
    for page in (issued, Page.objects.get(pk=issued.pk)):  # the listings ask plain pages
        tester = page.permissions_for_user(root_user)
        assert not tester.can_publish() and not tester.can_unpublish() and not tester.can_move()
    assert org.dept_a.section.permissions_for_user(root_user).can_publish()


def test_bulk_publish_of_a_draft_document_is_refused(root, draft):
    response = bulk(root, "publish", draft)
    assert response.status_code == 200
    assert "chỉ được ban hành qua quy trình phê duyệt" in text(response)
    never_issued(draft)


def test_bulk_publish_of_a_section_with_its_draft_documents_issues_none(root, org, draft):
    section = org.dept_a.section
    response = bulk(root, "publish", section, include_descendants="on")
    assert "chỉ được ban hành qua quy trình phê duyệt" in text(response)
    never_issued(draft)


def test_bulk_unpublish_of_an_issued_document_is_refused(root, issued):
    response = bulk(root, "unpublish", issued)
    assert "chỉ được thu hồi từ Báo cáo tài liệu" in text(response)
    still_issued(issued)


def test_bulk_unpublish_of_the_section_with_its_documents_is_refused(root, org, issued):
    response = bulk(root, "unpublish", org.dept_a.section, include_descendants="on")
    assert "chỉ được thu hồi từ Báo cáo tài liệu" in text(response)
    still_issued(issued)
    assert Page.objects.get(pk=org.dept_a.section.pk).live


def test_bulk_delete_of_an_issued_document_answers_a_message(root, issued, draft):
    response = bulk(root, "delete", issued, draft)
    assert response.status_code == 200
    assert "không bao giờ bị xóa" in text(response)
    assert ProcedurePage.objects.filter(pk__in=[issued.pk, draft.pk]).count() == 2
    still_issued(issued)


def test_bulk_move_of_an_issued_document_to_another_department_is_refused(root, org, issued, draft):
    destination = org.dept_b.section
    response = bulk(root, "move", issued, chooser=destination.pk)
    assert response.status_code == 200
    page = ProcedurePage.objects.get(pk=issued.pk)
    assert page.get_parent().pk == org.dept_a.section.pk and page.department == org.dept_a
    still_issued(issued)


def test_moving_a_section_that_holds_issued_documents_to_another_agency_is_refused(root, org, issued):
    from documents.models import Agency

    section = org.dept_a.section
    other_library = Agency.objects.create(code="XA-KHAC", name="UBND xã Khác").library
    response = root.post(reverse("wagtailadmin_pages:move_confirm", args=[section.pk, other_library.pk]), follow=True)
    assert "không được chuyển đi" in text(response)
    assert Page.objects.get(pk=section.pk).get_parent().pk == org.agency.library.pk
    still_issued(issued)


def test_wagtail_unpublish_view_does_not_withdraw_a_document(root, issued):
    url = reverse("wagtailadmin_pages:unpublish", args=[issued.pk])
    for response in (root.get(url), root.post(url), root.post(url, {"include_descendants": "on"})):
        assert response.status_code in (302, 403)
    still_issued(issued)


def test_unpublishing_a_section_with_its_documents_is_refused(root, org, issued):
    section = org.dept_a.section
    response = root.post(
        reverse("wagtailadmin_pages:unpublish", args=[section.pk]), {"include_descendants": "on"}, follow=True
    )
    assert "chỉ được thu hồi từ Báo cáo tài liệu" in text(response)
    still_issued(issued)
    assert Page.objects.get(pk=section.pk).live


def test_edit_view_action_publish_of_a_new_revision_issues_nothing(root, org, issued):
    url = reverse("wagtailadmin_pages:edit", args=[issued.pk])
    edit = root.get(url)
    data = admin_form_data(edit.context["form"], change_summary="Sửa thẳng", purpose="Đổi ngoài quy trình")
    response = root.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 200
    assert "chỉ được ban hành qua quy trình phê duyệt" in text(response)
    still_issued(issued)
    assert ProcedurePage.objects.get(pk=issued.pk).purpose == ""


def test_create_view_action_publish_issues_nothing(root, org):
    section = org.dept_a.section
    url = reverse("wagtailadmin_pages:add", args=["documents", "procedurepage", section.pk])
    form = root.get(url).context["form"]
    data = admin_form_data(form, title="Tạo và xuất bản", slug="tao-va-xuat-ban", change_summary="Ban hành lần đầu")
    response = root.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 200
    created = ProcedurePage.objects.filter(slug="tao-va-xuat-ban").first()
    assert created is None or never_issued(created) is None


def test_copy_with_publish_copies_makes_a_draft_without_codes_and_never_500s(root, org, issued):
    url = reverse("wagtailadmin_pages:copy", args=[issued.pk])
    form = root.get(url).context["form"]
    assert "publish_copies" not in form.fields and "alias" not in form.fields
    response = root.post(
        url,
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": org.dept_a.section.pk,
            "publish_copies": "on",
            "alias": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Bản sao tài liệu kiểm soát là bản nháp" in text(response)
    copy = ProcedurePage.objects.get(slug="ban-sao")
    assert not copy.live and copy.live_revision_id is None and copy.first_published_at is None
    assert (copy.tthc_code, copy.iso_code, copy.edition, copy.change_summary) == ("", "", 1, "")
    assert copy.get_latest_revision_as_object().tthc_code == ""
    never_issued(copy)
    still_issued(issued)


def test_a_second_copy_of_the_same_procedure_is_fine_too(root, org, issued):
    url = reverse("wagtailadmin_pages:copy", args=[issued.pk])
    for n in (1, 2):
        data = {"new_title": f"Bản sao {n}", "new_slug": f"ban-sao-{n}", "new_parent_page": org.dept_b.section.pk}
        assert root.post(url, data).status_code == 302
    assert ProcedurePage.objects.filter(slug__startswith="ban-sao-", live=False).count() == 2


def test_copying_a_section_or_library_is_refused_with_a_message(root, org, issued):
    for page in (org.dept_a.section, org.dept_a.section.get_parent()):
        url = reverse("wagtailadmin_pages:copy", args=[page.pk])
        response = root.post(
            url,
            {
                "new_title": "Sao",
                "new_slug": "sao",
                "new_parent_page": page.get_parent().pk,
                "copy_subpages": "on",
                "publish_copies": "on",
                "alias": "on",
            },
            follow=True,
        )
        assert response.status_code == 200 and "Không sao chép được" in text(response)
    assert ProcedurePage.objects.count() == 1
    still_issued(issued)


def test_copies_made_in_code_are_drafts_and_aliases_are_refused(org, issued):
    copy = issued.copy(keep_live=True, update_attrs={"slug": "sao-bang-ma", "title": "Sao bằng mã"})
    copy = ProcedurePage.objects.get(pk=copy.pk)
    assert not copy.live and copy.live_revision_id is None and copy.tthc_code == ""
    never_issued(copy)
    with pytest.raises(IssueRefused):
        issued.create_alias(update_slug="bi-danh")
    assert not ProcedurePage.objects.filter(slug="bi-danh").exists()


def test_unpublish_in_code_withdraws_the_current_edition(org, issued):
    ProcedurePage.objects.get(pk=issued.pk).unpublish()
    edition = Edition.objects.get(page=issued)
    assert edition.state == EditionState.WITHDRAWN and edition.superseded_at is not None
    assert PageLogEntry.objects.filter(page=issued, action="qms.withdraw").exists()


def test_a_scheduled_expiry_withdraws_the_current_edition(org, issued):
    ProcedurePage.objects.filter(pk=issued.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled")
    page = ProcedurePage.objects.get(pk=issued.pk)
    assert not page.live and page.expired
    assert Edition.objects.get(page=page).state == EditionState.WITHDRAWN
    entry = PageLogEntry.objects.get(page=page, action="qms.withdraw")
    assert "lịch" in entry.data["reason"]


def test_the_withdraw_service_still_withdraws_once(org, issued):
    from documents.services.editions import withdraw

    withdraw(ProcedurePage.objects.get(pk=issued.pk), org.users["officer"], "Bãi bỏ")
    assert not ProcedurePage.objects.get(pk=issued.pk).live
    assert Edition.objects.get(page=issued).state == EditionState.WITHDRAWN
    assert PageLogEntry.objects.filter(page=issued, action="qms.withdraw").count() == 1


def test_a_publish_scheduled_by_the_workflow_is_issued_later_with_every_signoff(org):
    go_live = timezone.now() + datetime.timedelta(days=2)
    page = new_procedure(org.dept_a, "Hiệu lực sau", org.users["staff_a"], go_live_at=go_live)
    run_workflow(page, org.users["staff_a"], [org.users["head_a"], org.users["officer"], org.users["leader"]])
    never_issued(page)
    with freeze_time(go_live + datetime.timedelta(hours=1)):
        call_command("publish_scheduled")
    edition = Edition.objects.get(page_id=page.pk)
    assert ProcedurePage.objects.get(pk=page.pk).live
    assert [s["role"] for s in edition.signoffs] == ["drafted", "reviewed", "checked", "approved"]
    assert edition.published_by == org.users["leader"]


def test_the_bulk_confirmation_says_why_a_document_is_left_out(root, issued, draft):
    for action in ("publish", "unpublish"):
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
        response = root.get(f"{url}?id={issued.pk}&id={draft.pk}")
        assert response.status_code == 200
        assert "chỉ được ban hành qua quy trình phê duyệt" in text(response)


def test_bulk_publish_of_all_the_sections_children_is_refused(root, org, draft):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = root.post(f"{url}?id=all&childOf={org.dept_a.section.pk}&next=/admin/", follow=True)
    assert "chỉ được ban hành qua quy trình phê duyệt" in text(response)
    never_issued(draft)
