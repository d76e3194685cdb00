"""Per-department approval workflow, editions, segregation of duties and change control."""

import pytest
from django.core.exceptions import PermissionDenied
from freezegun import freeze_time
from wagtail.models import PageLogEntry, WorkflowPage

from documents.models import ApprovalRefused, Edition, EditionState, ImmutableError, ProcedurePage, RoleGroup
from documents.services.editions import EditionRefused, record_edition, withdraw
from tests.documents.org import build_org, new_procedure, revise, run_workflow
from tests.helpers import admin_form_data


@pytest.fixture
def org(db):
    return build_org()


def approvers(org):
    return [org.users["head_a"], org.users["officer"], org.users["leader"]]


def test_a_new_department_gets_groups_and_its_own_three_step_workflow(org):
    section = org.dept_a.section
    workflow = WorkflowPage.objects.get(page=section).workflow
    tasks = [t.specific for t in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [t.signoff_role for t in tasks] == ["reviewed", "checked", "approved"]
    head_group = RoleGroup.objects.get(department=org.dept_a, kind="head").group
    officer_group = RoleGroup.objects.get(department=None, agency=org.agency, kind="quality_officer").group
    assert list(tasks[0].groups.all()) == [head_group]
    assert list(tasks[1].groups.all()) == [officer_group]
    assert WorkflowPage.objects.get(page=org.dept_b.section).workflow != workflow


def test_full_chain_publishes_edition_one_with_every_signoff(org):
    page = new_procedure(org.dept_a, "Đăng ký khai sinh", org.users["staff_a"], iso_code="QT 01/CX-HCTP")
    run_workflow(page, org.users["staff_a"], approvers(org))
    page.refresh_from_db()
    assert page.live
    edition = Edition.objects.get(page=page)
    assert (edition.number, edition.state, page.edition) == (1, EditionState.CURRENT, 1)
    roles = {s["role"]: s["name"] for s in edition.signoffs}
    assert roles == {"drafted": "Staff_A", "reviewed": "Head_A", "checked": "Officer", "approved": "Leader"}
    assert len(edition.content_hash) == 64 and edition.revision_id == page.live_revision_id
    assert edition.published_by == org.users["leader"]  # the final approver, not the revision's author
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_edition_numbers_follow_three_changes_and_old_editions_stay(org):
    page = new_procedure(org.dept_a, "Đăng ký kết hôn", org.users["staff_a"])
    run_workflow(page, org.users["staff_a"], approvers(org))
    for n in (2, 3, 4):
        revise(page, org.users["staff_a"], f"Sửa đổi lần {n}", purpose=f"Mục đích {n}")
        run_workflow(page, org.users["staff_a"], approvers(org))
    editions = list(Edition.objects.filter(page=page).order_by("number"))
    assert [e.number for e in editions] == [1, 2, 3, 4]
    assert [e.state for e in editions] == ["obsolete", "obsolete", "obsolete", "current"]
    assert editions[3].change_summary == "Sửa đổi lần 4"
    assert editions[1].revision.as_object().purpose == "Mục đích 2"
    assert ProcedurePage.objects.get(pk=page.pk).edition == 4


def test_nobody_approves_their_own_submission_not_even_a_superuser(org):
    head = org.users["head_a"]
    page = new_procedure(org.dept_a, "Tự trình", head)
    page.get_workflow().start(page, head)
    state = ProcedurePage.objects.get(pk=page.pk).current_workflow_task_state
    task = state.task.specific
    assert "approve" not in [a[0] for a in task.get_actions(page, head)]
    with pytest.raises(ApprovalRefused, match="tự phê duyệt"):
        task.on_action(state, head, "approve")

    root = org.users["superuser"]
    own = new_procedure(org.dept_a, "Của quản trị", root)
    own.get_workflow().start(own, root)
    state = ProcedurePage.objects.get(pk=own.pk).current_workflow_task_state
    assert "approve" not in [a[0] for a in state.task.specific.get_actions(own, root)]
    with pytest.raises(ApprovalRefused):
        state.task.specific.on_action(state, root, "approve")
    assert not Edition.objects.filter(page__in=[page, own]).exists()


def test_approving_a_stale_revision_is_refused(org):
    page = new_procedure(org.dept_a, "Đổi sau khi trình", org.users["staff_a"])
    page.get_workflow().start(page, org.users["staff_a"])
    state = ProcedurePage.objects.get(pk=page.pk).current_workflow_task_state
    revise(page, org.users["staff_b"], "", purpose="Sửa lén")  # someone changes the content mid-review
    with pytest.raises(ApprovalRefused, match="đã thay đổi"):
        state.task.specific.on_action(state, org.users["head_a"], "approve")
    state.refresh_from_db()
    assert state.status == "in_progress"


def test_two_reviewers_acting_at_once_change_the_task_once(org):
    from documents.services.roles import assign_role
    from tests.documents.org import make_user

    second_head = make_user("head_a2")
    assign_role(second_head, "head", org.agency, org.dept_a)
    page = new_procedure(org.dept_a, "Hai người duyệt", org.users["staff_a"])
    page.get_workflow().start(page, org.users["staff_a"])
    state = ProcedurePage.objects.get(pk=page.pk).current_workflow_task_state
    stale_copy = type(state).objects.get(pk=state.pk)
    state.task.specific.on_action(state, org.users["head_a"], "approve")
    with pytest.raises(ApprovalRefused, match="đã được người khác xử lý"):
        stale_copy.task.specific.on_action(stale_copy, second_head, "reject", comment="muộn")
    assert type(state).objects.get(pk=state.pk).status == "approved"


def test_reject_sends_it_back_with_the_comment(org):
    page = new_procedure(org.dept_a, "Bị trả lại", org.users["staff_a"])
    page.get_workflow().start(page, org.users["staff_a"])
    state = ProcedurePage.objects.get(pk=page.pk).current_workflow_task_state
    state.task.specific.on_action(state, org.users["head_a"], "reject", comment="Thiếu căn cứ pháp lý")
    state.refresh_from_db()
    assert state.status == "rejected" and state.comment == "Thiếu căn cứ pháp lý"
    assert ProcedurePage.objects.get(pk=page.pk).current_workflow_state.status == "needs_changes"
    assert not ProcedurePage.objects.get(pk=page.pk).live


def test_a_second_edition_without_change_summary_is_refused_and_changes_nothing(org):
    page = new_procedure(org.dept_a, "Thiếu tóm tắt", org.users["staff_a"])
    run_workflow(page, org.users["staff_a"], approvers(org))
    draft = ProcedurePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.change_summary = ""
    draft.purpose = "Đổi mà không ghi lý do"
    revision = draft.save_revision(user=org.users["staff_a"])
    with pytest.raises(EditionRefused, match="tóm tắt"):
        revision.publish(skip_permission_checks=True)
    page.refresh_from_db()
    assert Edition.objects.filter(page=page).count() == 1
    assert page.live_revision_id != revision.pk and page.purpose == ""


def test_editions_are_never_edited_or_deleted(org):
    page = new_procedure(org.dept_a, "Bất biến", org.users["staff_a"])
    run_workflow(page, org.users["staff_a"], approvers(org))
    edition = Edition.objects.get(page=page)
    edition.change_summary = "viết lại lịch sử"
    with pytest.raises(ImmutableError):
        edition.save()
    with pytest.raises(ImmutableError):
        edition.delete()
    assert record_edition(page, edition.revision) == edition  # recording the same revision twice is a no-op


def test_withdrawal_keeps_every_edition_and_needs_a_reason(org):
    page = new_procedure(org.dept_a, "Thu hồi", org.users["staff_a"])
    run_workflow(page, org.users["staff_a"], approvers(org))
    with pytest.raises(EditionRefused):
        withdraw(page, org.users["officer"], "  ")
    withdraw(ProcedurePage.objects.get(pk=page.pk), org.users["officer"], "Thủ tục bị bãi bỏ")
    page.refresh_from_db()
    assert not page.live
    assert Edition.objects.get(page=page).state == EditionState.WITHDRAWN
    assert PageLogEntry.objects.filter(page=page, action="qms.withdraw").exists()


@freeze_time("2026-03-01")
def test_review_reminders_list_due_and_overdue_documents_and_mail_the_head(org, mailoutbox):
    import io

    from django.core.management import call_command

    org.dept_a.head = org.users["head_a"]
    org.dept_a.save()
    due = new_procedure(org.dept_a, "Sắp đến hạn", org.users["staff_a"], review_period_months=12)
    run_workflow(due, org.users["staff_a"], approvers(org))
    ProcedurePage.objects.filter(pk=due.pk).update(review_due_on="2026-03-20")
    late = new_procedure(org.dept_a, "Quá hạn", org.users["staff_a"])
    run_workflow(late, org.users["staff_a"], approvers(org))
    ProcedurePage.objects.filter(pk=late.pk).update(review_due_on="2026-01-15")
    fine = new_procedure(org.dept_a, "Còn xa", org.users["staff_a"])
    run_workflow(fine, org.users["staff_a"], approvers(org))
    assert ProcedurePage.objects.get(pk=fine.pk).review_due_on.isoformat() == "2027-03-01"

    mailoutbox.clear()  # the workflow's own notifications
    out = io.StringIO()
    call_command("review_reminders", stdout=out)
    text = out.getvalue()
    assert "OVERDUE 15/01/2026" in text and "due 20/03/2026" in text and "Còn xa" not in text
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["head_a@example.invalid"]
    assert "Quá hạn" in mailoutbox[0].body and "Sắp đến hạn" in mailoutbox[0].body


def test_direct_publish_is_refused_even_for_a_superuser(org, client):
    from django.urls import reverse

    page = new_procedure(org.dept_a, "Xuất bản thẳng", org.users["staff_a"])
    client.force_login(org.users["superuser"])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert b'name="action-publish"' not in response.content
    data = admin_form_data(response.context["form"], **{"action-publish": "1"})
    response = client.post(url, data)
    assert "chỉ được ban hành qua quy trình phê duyệt" in response.content.decode()
    page.refresh_from_db()
    assert not page.live and not Edition.objects.filter(page=page).exists()


def test_deleting_a_document_is_refused(org, client):
    from django.urls import reverse

    page = new_procedure(org.dept_a, "Không được xóa", org.users["staff_a"])
    client.force_login(org.users["superuser"])
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]), follow=True)
    assert ProcedurePage.objects.filter(pk=page.pk).exists()
    assert "không bao giờ bị xóa" in response.content.decode()


def test_permission_denied_is_a_permission_error():
    assert issubclass(ApprovalRefused, PermissionDenied)


def test_the_full_chain_on_a_real_imported_procedure(org, tmp_path):
    import gzip
    import json

    from documents.services.tthc_import import TthcImporter
    from tests.conftest import SHARED_DATA

    with gzip.open(SHARED_DATA / "tthc" / "national-2642.jsonl.gz", "rt", encoding="utf-8") as fh:
        record = next(r for r in map(json.loads, fh) if r["linh_vuc"] == "Hộ tịch")
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert TthcImporter(org.agency).import_file(path).created == 1
    page = ProcedurePage.objects.get(tthc_code=record["ma_thu_tuc"].strip())
    assert page.department == org.dept_a and Edition.objects.get(page=page).number == 1

    revise(
        page,
        org.users["staff_a"],
        "Bổ sung quy trình nội bộ ISO",
        iso_code="QT 01/CX-HCTP",
        steps=[
            ("step", {"order": "B1", "step": "Tiếp nhận hồ sơ", "responsible": "Công chức một cửa", "time": "0,5 ngày"})
        ],
    )
    run_workflow(page, org.users["staff_a"], approvers(org))
    page = ProcedurePage.objects.get(pk=page.pk)
    current = Edition.objects.get(page=page, state="current")
    assert (current.number, page.iso_code, page.steps[0].value["step"]) == (2, "QT 01/CX-HCTP", "Tiếp nhận hồ sơ")
    assert {s["role"] for s in current.signoffs} == {"drafted", "reviewed", "checked", "approved"}
    assert Edition.objects.get(page=page, number=1).state == "obsolete"


def test_a_publish_no_workflow_approved_names_no_publisher(org):
    page = new_procedure(org.dept_a, "Nhập từ hệ thống", org.users["staff_a"])
    ProcedurePage.objects.get(pk=page.pk).get_latest_revision().publish()  # as import_tthc and fixtures do
    edition = Edition.objects.get(page=page)
    assert edition.published_by is None
    assert [s["role"] for s in edition.signoffs] == ["drafted"]


def _current_step(page):
    state = ProcedurePage.objects.get(pk=page.pk).current_workflow_task_state
    return state, state.task.specific


def test_a_superuser_never_signs_two_steps_of_the_same_edition(org):
    root = org.users["superuser"]
    page = new_procedure(org.dept_a, "Một người hai chữ ký", org.users["staff_a"])
    page.get_workflow().start(page, org.users["staff_a"])
    state, task = _current_step(page)
    task.on_action(state, root, "approve")  # review, as the superuser
    state, task = _current_step(page)
    assert "approve" not in [a[0] for a in task.get_actions(page, root)]
    assert not task.get_task_states_user_can_moderate(root).filter(pk=state.pk).exists()
    with pytest.raises(ApprovalRefused, match="không ký hai bước") as refused:
        task.on_action(state, root, "approve")
    assert "Officer" in str(refused.value)  # who else can act
    state.refresh_from_db()
    assert state.status == "in_progress" and not Edition.objects.filter(page=page).exists()

    task.on_action(state, org.users["officer"], "approve")
    state, task = _current_step(page)
    task.on_action(state, org.users["leader"], "approve")
    edition = Edition.objects.get(page=page)
    signers = [s["user_id"] for s in edition.signoffs]
    assert len(signers) == len(set(signers)) == 4


def test_a_leader_who_is_also_quality_officer_cannot_check_and_approve(org):
    from documents.models import RoleKind
    from documents.services.roles import assign_role

    leader = org.users["leader"]
    assign_role(leader, RoleKind.QUALITY_OFFICER, org.agency)
    page = new_procedure(org.dept_a, "Kiêm nhiệm", org.users["staff_a"])
    page.get_workflow().start(page, org.users["staff_a"])
    for approver in (org.users["head_a"], leader):  # review, then check by the leader as quality officer
        state, task = _current_step(page)
        task.on_action(state, approver, "approve")
    state, task = _current_step(page)
    assert task.signoff_role == "approved"
    with pytest.raises(ApprovalRefused, match="Không còn ai khác trong nhóm"):
        task.on_action(state, leader, "approve")
    assert not ProcedurePage.objects.get(pk=page.pk).live and not Edition.objects.filter(page=page).exists()
