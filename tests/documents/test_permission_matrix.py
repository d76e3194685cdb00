"""Who may do what, on the documents of two departments: every cell of the matrix is checked.

Roles: anonymous, staff of department A, staff of department B, head of A, quality officer, leader,
superuser. Actions: view a public / internal / restricted document, view an obsolete edition, edit,
submit, approve each of the three workflow steps, publish directly, download an attachment, find the
document in search, and the admin's side roads (issue 11): find the restricted document in the page
chooser's search and browse, see its attachment in the document chooser (every role holding Wagtail's
"choose document" permission, as an administrator may well grant). Documents: the same set in department A
and in department B.
"""

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, GroupCollectionPermission

from documents.models import Edition, ProcedurePage
from tests.documents.org import build_org, new_procedure, revise, run_workflow
from tests.helpers import admin_form_data

ROLES = ["anonymous", "staff_a", "staff_b", "head_a", "officer", "leader", "superuser"]
ACTIONS = [
    "view_public",
    "view_internal",
    "view_restricted",
    "view_obsolete",
    "edit",
    "submit",
    "approve_review",
    "approve_check",
    "approve_final",
    "publish_directly",
    "download_attachment",
    "search",
    "chooser_search",
    "chooser_browse",
    "attachment_listing",
]

# Expected for documents of department A; for department B, staff_a and head_a are outsiders.
EVERYONE = set(ROLES)
AGENCY_STAFF = EVERYONE - {"anonymous"}
EXPECTED_A = {
    "view_public": EVERYONE,
    "view_internal": AGENCY_STAFF,
    "view_restricted": {"staff_a", "head_a", "officer", "leader", "superuser"},
    "view_obsolete": AGENCY_STAFF,
    "edit": {"staff_a", "head_a", "officer", "leader", "superuser"},
    "submit": {"staff_a", "head_a", "officer", "leader", "superuser"},
    "approve_review": {"head_a", "superuser"},
    "approve_check": {"officer", "superuser"},
    "approve_final": {"leader", "superuser"},
    "publish_directly": set(),
    "download_attachment": {"staff_a", "head_a", "officer", "leader", "superuser"},
    "search": {"staff_a", "head_a", "officer", "leader", "superuser"},
    "chooser_search": {"staff_a", "head_a", "officer", "leader", "superuser"},
    "chooser_browse": {"staff_a", "head_a", "officer", "leader", "superuser"},
    "attachment_listing": {"staff_a", "head_a", "officer", "leader", "superuser"},
}
B_INSIDERS = {"staff_b", "officer", "leader", "superuser"}
EXPECTED_B = {
    **EXPECTED_A,
    "view_restricted": B_INSIDERS,
    "edit": B_INSIDERS,
    "submit": B_INSIDERS,
    "approve_review": {"superuser"},  # and the head of B, who is not one of the roles under test
    "download_attachment": B_INSIDERS,
    "search": B_INSIDERS,
    "chooser_search": B_INSIDERS,
    "chooser_browse": B_INSIDERS,
    "attachment_listing": B_INSIDERS,
}


def build_world():
    org = build_org()
    choose = Permission.objects.get(content_type__app_label="wagtaildocs", codename="choose_document")
    for user in org.users.values():
        for group in user.groups.all():
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=Collection.get_first_root_node(), permission=choose
            )
    approvers = {
        "a": [org.users["head_a"], org.users["officer"], org.users["leader"]],
        "b": [org.users["head_b"], org.users["officer"], org.users["leader"]],
    }
    world = {}
    for key, dept in (("a", org.dept_a), ("b", org.dept_b)):
        staff = org.users[f"staff_{key}"]
        attachment = Document.objects.create(
            title=f"Tờ khai {key}", file=ContentFile(b"PK-form", name=f"bm-{key}.docx")
        )
        docs = {}
        for visibility in ("public", "internal", "restricted"):
            extra = {}
            if visibility == "restricted":
                extra["forms"] = [("form", {"code": "BM.01", "name": "Tờ khai", "document": attachment})]
            page = new_procedure(
                dept, f"Quy trình {visibility} mậtmã{key}{visibility}", staff, visibility=visibility, **extra
            )
            run_workflow(page, staff, approvers[key])
            docs[visibility] = ProcedurePage.objects.get(pk=page.pk)
        revise(docs["internal"], staff, "Sửa đổi lần 2", purpose="Bổ sung")
        run_workflow(docs["internal"], staff, approvers[key])
        flow = new_procedure(dept, f"Đang trình duyệt {key}", staff)
        world[key] = {
            "org": org,
            "docs": docs,
            "attachment": attachment,
            "flow": flow,
            "staff": staff,
            "approvers": approvers[key],
        }
    return org, world


def client_for(org, role):
    client = Client()
    if role != "anonymous":
        client.force_login(org.users[role])
    return client


def opens(response) -> bool:
    return response.status_code == 200


def check_views(org, dept, role, client, observed):
    docs = dept["docs"]
    observed["view_public"] = opens(client.get(docs["public"].url))
    observed["view_internal"] = opens(client.get(docs["internal"].url))
    observed["view_restricted"] = opens(client.get(docs["restricted"].url))
    obsolete = Edition.objects.get(page=docs["internal"], number=1)
    assert obsolete.state == "obsolete"
    observed["view_obsolete"] = opens(client.get(reverse("documents:edition", args=[docs["internal"].pk, 1])))
    observed["download_attachment"] = opens(client.get(dept["attachment"].url))
    key = "a" if dept is org.world["a"] else "b"
    hits = client.get("/api/v1/search/", {"q": f"mậtmã{key}restricted"}).json()["results"]
    observed["search"] = any((hit["url"] or "").endswith(docs["restricted"].url) for hit in hits)
    check_admin_roads(docs["restricted"], dept["attachment"], key, client, observed)


def check_admin_roads(restricted, attachment, key, client, observed):
    """The page chooser and the document chooser list what the role may open, nothing else."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[restricted.pk])
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": f"mậtmã{key}restricted"})
    observed["chooser_search"] = opens(search) and edit_url in search.content.decode()
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[restricted.get_parent().pk]))
    observed["chooser_browse"] = opens(browse) and f"mậtmã{key}restricted" in browse.json().get("html", "")
    files = client.get(reverse("wagtaildocs_chooser:choose_results"))
    observed["attachment_listing"] = opens(files) and attachment.title in files.content.decode()


def check_editing(org, dept, role, client, observed):
    page = dept["docs"]["internal"]
    user = org.users.get(role)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    observed["edit"] = opens(edit)
    tester = page.permissions_for_user(user) if user else None
    observed["submit"] = bool(tester and tester.can_edit() and tester.can_submit_for_moderation())
    observed["publish_directly"] = False
    if opens(edit):
        before = Edition.objects.filter(page=page).count()
        data = admin_form_data(edit.context["form"], change_summary="Xuất bản thẳng", **{"action-publish": "1"})
        client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        observed["publish_directly"] = Edition.objects.filter(page=page).count() > before


def check_approvals(org, dept, observed_by_role):
    """Walk the in-progress workflow step by step, asking each role whether it may approve."""
    flow = ProcedurePage.objects.get(pk=dept["flow"].pk)
    flow.get_workflow().start(flow, dept["staff"])
    for step, approver in zip(("approve_review", "approve_check", "approve_final"), dept["approvers"], strict=True):
        flow = ProcedurePage.objects.get(pk=flow.pk)
        state = flow.current_workflow_task_state
        task = state.task.specific
        for role in ROLES:
            user = org.users.get(role)
            allowed = bool(user) and "approve" in [a[0] for a in task.get_actions(flow, user)]
            allowed = allowed and task.refusal(state, user, "approve") is None
            observed_by_role[role][step] = allowed
        if step != "approve_final":
            task.on_action(state, approver, "approve")


def test_permission_matrix(db):
    org, world = build_world()
    org.world = world
    mismatches, cells = [], 0
    for key, expected in (("a", EXPECTED_A), ("b", EXPECTED_B)):
        dept = world[key]
        observed_by_role = {role: {} for role in ROLES}
        for role in ROLES:
            client = client_for(org, role)
            check_views(org, dept, role, client, observed_by_role[role])
            check_editing(org, dept, role, client, observed_by_role[role])
        check_approvals(org, dept, observed_by_role)
        for role in ROLES:
            for action in ACTIONS:
                cells += 1
                want, got = role in expected[action], observed_by_role[role][action]
                if want != got:
                    mismatches.append(f"department {key.upper()} · {role} · {action}: expected {want}, got {got}")
    assert cells == len(ROLES) * len(ACTIONS) * 2 == 210
    assert not mismatches, "\n".join(mismatches)
